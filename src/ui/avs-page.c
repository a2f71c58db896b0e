/* avs-page.c — one step of the wizard
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-page"

#include "config.h"

#include "avs-page.h"
#include "avs-technician.h"

typedef struct
{
  AvsSession *session;
  char       *title;
  char       *next_label;
  char       *next_page;
  gboolean    complete;
  gboolean    can_go_back;
  gboolean    show_next;
  gboolean    busy;
  gboolean    technician;
  guint       technician_idle;
} AvsPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (AvsPage, avs_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_NEXT_PAGE,
  PROP_SHOW_NEXT,
  PROP_BUSY,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_NEXT_LABEL,
  PROP_CAN_GO_BACK,
  PROP_TECHNICIAN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  REQUEST_NEXT,
  TECHNICIAN_DETAIL_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
avs_page_finalize (GObject *object)
{
  AvsPage *self = AVS_PAGE (object);
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_clear_handle_id (&priv->technician_idle, g_source_remove);
  g_clear_object (&priv->session);
  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);
  g_clear_pointer (&priv->next_page, g_free);

  G_OBJECT_CLASS (avs_page_parent_class)->finalize (object);
}

static void
avs_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AvsPage *self = AVS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, avs_page_get_session (self));
      break;
    case PROP_NEXT_PAGE:
      g_value_set_string (value, avs_page_get_next_page (self));
      break;
    case PROP_SHOW_NEXT:
      g_value_set_boolean (value, avs_page_get_show_next (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, avs_page_get_busy (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, avs_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, avs_page_get_complete (self));
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, avs_page_get_next_label (self));
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, avs_page_get_can_go_back (self));
      break;
    case PROP_TECHNICIAN:
      g_value_set_boolean (value, avs_page_get_technician (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  AvsPage *self = AVS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      avs_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_NEXT_PAGE:
      avs_page_set_next_page (self, g_value_get_string (value));
      break;
    case PROP_SHOW_NEXT:
      avs_page_set_show_next (self, g_value_get_boolean (value));
      break;
    case PROP_BUSY:
      avs_page_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_TITLE:
      avs_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      avs_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      avs_page_set_next_label (self, g_value_get_string (value));
      break;
    case PROP_CAN_GO_BACK:
      avs_page_set_can_go_back (self, g_value_get_boolean (value));
      break;
    case PROP_TECHNICIAN:
      avs_page_set_technician (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_page_real_shown (AvsPage *self)
{
}

static gboolean
avs_page_real_leaving (AvsPage  *self,
                       gboolean  forward)
{
  return TRUE;
}

static char *
avs_page_real_dup_technician_detail (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  return priv->session != NULL ? avs_technician_session_text (priv->session) : g_strdup ("");
}

static void
avs_page_class_init (AvsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = avs_page_finalize;
  object_class->get_property = avs_page_get_property;
  object_class->set_property = avs_page_set_property;

  klass->shown = avs_page_real_shown;
  klass->leaving = avs_page_real_leaving;
  klass->dup_technician_detail = avs_page_real_dup_technician_detail;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, AVS_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_NEXT_PAGE] =
    g_param_spec_string ("next-page", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SHOW_NEXT] =
    g_param_spec_boolean ("show-next", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the user may go on: enables Next. */
  properties [PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A page-specific label for the primary action ("Start scan"); NULL means "Next". */
  properties [PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Technician mode: the page's detail is shown under it. */
  properties [PROP_TECHNICIAN] =
    g_param_spec_boolean ("technician", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted by avs_page_request_next(); the window answers it. */
  signals [REQUEST_NEXT] =
    g_signal_new ("request-next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Emitted (coalesced) by avs_page_technician_detail_changed(). */
  signals [TECHNICIAN_DETAIL_CHANGED] =
    g_signal_new ("technician-detail-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
avs_page_init (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  priv->can_go_back = TRUE;
  priv->show_next = TRUE;
}

AvsSession *
avs_page_get_session (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), NULL);

  return priv->session;
}

void
avs_page_set_session (AvsPage    *self,
                      AvsSession *session)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  if (g_set_object (&priv->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

const char *
avs_page_get_next_page (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), NULL);

  return priv->next_page;
}

void
avs_page_set_next_page (AvsPage    *self,
                        const char *next_page)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  if (g_strcmp0 (priv->next_page, next_page) == 0)
    return;

  g_free (priv->next_page);
  priv->next_page = g_strdup (next_page);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NEXT_PAGE]);
}

gboolean
avs_page_get_show_next (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), FALSE);

  return priv->show_next;
}

void
avs_page_set_show_next (AvsPage  *self,
                        gboolean  show_next)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  show_next = !!show_next;
  if (priv->show_next == show_next)
    return;

  priv->show_next = show_next;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHOW_NEXT]);
}

gboolean
avs_page_get_busy (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), FALSE);

  return priv->busy;
}

void
avs_page_set_busy (AvsPage  *self,
                   gboolean  busy)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  busy = !!busy;
  if (priv->busy == busy)
    return;

  priv->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

void
avs_page_request_next (AvsPage *self)
{
  g_return_if_fail (AVS_IS_PAGE (self));

  g_signal_emit (self, signals [REQUEST_NEXT], 0);
}

const char *
avs_page_get_title (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), NULL);

  return priv->title;
}

void
avs_page_set_title (AvsPage    *self,
                    const char *title)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

gboolean
avs_page_get_complete (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
avs_page_set_complete (AvsPage  *self,
                       gboolean  complete)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPLETE]);
}

const char *
avs_page_get_next_label (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), NULL);

  return priv->next_label;
}

void
avs_page_set_next_label (AvsPage    *self,
                         const char *next_label)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  if (g_strcmp0 (priv->next_label, next_label) == 0)
    return;

  g_free (priv->next_label);
  priv->next_label = g_strdup (next_label);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NEXT_LABEL]);
}

gboolean
avs_page_get_can_go_back (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), FALSE);

  return priv->can_go_back;
}

void
avs_page_set_can_go_back (AvsPage  *self,
                          gboolean  can_go_back)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  can_go_back = !!can_go_back;
  if (priv->can_go_back == can_go_back)
    return;

  priv->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_BACK]);
}

void
avs_page_shown (AvsPage *self)
{
  g_return_if_fail (AVS_IS_PAGE (self));

  AVS_PAGE_GET_CLASS (self)->shown (self);
}

gboolean
avs_page_leaving (AvsPage  *self,
                  gboolean  forward)
{
  g_return_val_if_fail (AVS_IS_PAGE (self), TRUE);

  return AVS_PAGE_GET_CLASS (self)->leaving (self, forward);
}

gboolean
avs_page_get_technician (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_val_if_fail (AVS_IS_PAGE (self), FALSE);

  return priv->technician;
}

void
avs_page_set_technician (AvsPage  *self,
                         gboolean  technician)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  technician = !!technician;
  if (priv->technician == technician)
    return;

  priv->technician = technician;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TECHNICIAN]);
}

char *
avs_page_dup_technician_detail (AvsPage *self)
{
  char *detail;

  g_return_val_if_fail (AVS_IS_PAGE (self), NULL);

  detail = AVS_PAGE_GET_CLASS (self)->dup_technician_detail (self);
  return detail != NULL ? detail : g_strdup ("");
}

static gboolean
emit_technician_detail_changed (gpointer user_data)
{
  AvsPage *self = AVS_PAGE (user_data);
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  priv->technician_idle = 0;
  g_signal_emit (self, signals [TECHNICIAN_DETAIL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

void
avs_page_technician_detail_changed (AvsPage *self)
{
  AvsPagePrivate *priv = avs_page_get_instance_private (self);

  g_return_if_fail (AVS_IS_PAGE (self));

  /* A step may print thousands of lines: the detail is made again once they are in, not for
   * each. */
  if (!priv->technician || priv->technician_idle != 0)
    return;
  priv->technician_idle = g_idle_add (emit_technician_detail_changed, self);
}
