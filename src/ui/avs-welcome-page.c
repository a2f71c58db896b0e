/* avs-welcome-page.c — the first page: what AV Switch does, and the privacy promise
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-welcome-page"

#include "config.h"

#include "avs-welcome-page.h"

struct _AvsWelcomePage
{
  AvsPage        parent_instance;

  AdwStatusPage *status_page;
  GtkLabel      *privacy_label;
};

G_DEFINE_FINAL_TYPE (AvsWelcomePage, avs_welcome_page, AVS_TYPE_PAGE)

static void
avs_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (avs_welcome_page_parent_class)->dispose (object);
}

static void
avs_welcome_page_class_init (AvsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = avs_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, AvsWelcomePage, privacy_label);
}

static void
avs_welcome_page_init (AvsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AvsPage *
avs_welcome_page_new (void)
{
  return g_object_new (AVS_TYPE_WELCOME_PAGE, NULL);
}
