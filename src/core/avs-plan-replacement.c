/* avs-plan-replacement.c — the replacement: a checked view of a catalog entry, and its step
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-catalog-product.h"
#include "avs-json.h"
#include "avs-nick.h"
#include "avs-package-manager.h"
#include "avs-plan-private.h"
#include "avs-validate.h"

/* ---------------------------------------------------------------------------------------------
 * Enumerations
 * ------------------------------------------------------------------------------------------- */

static const char * const method_nicks[] = {
  [AVS_REPLACEMENT_METHOD_AUTO] = "auto",
  [AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE] = "gnome-software",
  [AVS_REPLACEMENT_METHOD_FLATPAK] = "flatpak",
  [AVS_REPLACEMENT_METHOD_PACKAGES] = "packages",
  [AVS_REPLACEMENT_METHOD_VENDOR_PAGE] = "vendor-page",
};

const char *
avs_replacement_method_to_string (AvsReplacementMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (method_nicks), NULL);
  return method_nicks[method];
}

gboolean
avs_replacement_method_from_string (const char           *string,
                                    AvsReplacementMethod *out_method)
{
  guint value;

  if (!avs_nick_lookup (method_nicks, G_N_ELEMENTS (method_nicks), string, &value))
    return FALSE;
  *out_method = (AvsReplacementMethod) value;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * AvsReplacement
 * ------------------------------------------------------------------------------------------- */

static gboolean
validate_package_list (const char * const *list,
                       GError            **error)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (!avs_validate_package_name (list[i], error))
      return FALSE;
  return TRUE;
}

static char **
strv_copy_or_empty (const char * const *list)
{
  if (list == NULL)
    return g_new0 (char *, 1);
  return g_strdupv ((char **) list);
}

AvsReplacement *
avs_replacement_new (const char         *product_id,
                     const char         *name,
                     const char         *flathub_id,
                     const char * const *apt,
                     const char * const *dnf,
                     const char * const *zypper,
                     const char * const *pacman,
                     const char         *vendor_url,
                     GError            **error)
{
  AvsReplacement *replacement;

  if (!avs_validate_product_id (product_id, error))
    return NULL;
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 200)
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                   /* Translators: %s is a catalog product id */
                   _("The replacement %s has no usable name."), product_id);
      return NULL;
    }
  if (flathub_id != NULL && !avs_validate_flatpak_id (flathub_id, error))
    return NULL;
  if (!validate_package_list (apt, error) || !validate_package_list (dnf, error) ||
      !validate_package_list (zypper, error) || !validate_package_list (pacman, error))
    return NULL;
  if (vendor_url != NULL && !avs_validate_https_url (vendor_url, error))
    return NULL;

  replacement = g_new0 (AvsReplacement, 1);
  replacement->product_id = g_strdup (product_id);
  replacement->name = g_strdup (name);
  replacement->flathub_id = g_strdup (flathub_id);
  replacement->apt = strv_copy_or_empty (apt);
  replacement->dnf = strv_copy_or_empty (dnf);
  replacement->zypper = strv_copy_or_empty (zypper);
  replacement->pacman = strv_copy_or_empty (pacman);
  replacement->vendor_url = g_strdup (vendor_url);
  return replacement;
}

AvsReplacement *
avs_replacement_copy (const AvsReplacement *replacement)
{
  return avs_replacement_new (replacement->product_id, replacement->name,
                              replacement->flathub_id,
                              (const char * const *) replacement->apt,
                              (const char * const *) replacement->dnf,
                              (const char * const *) replacement->zypper,
                              (const char * const *) replacement->pacman,
                              replacement->vendor_url, NULL);
}

void
avs_replacement_free (AvsReplacement *replacement)
{
  if (replacement == NULL)
    return;
  g_free (replacement->product_id);
  g_free (replacement->name);
  g_free (replacement->flathub_id);
  g_strfreev (replacement->apt);
  g_strfreev (replacement->dnf);
  g_strfreev (replacement->zypper);
  g_strfreev (replacement->pacman);
  g_free (replacement->vendor_url);
  g_free (replacement);
}

AvsReplacement *
avs_replacement_new_from_catalog (AvsCatalogProduct  *product,
                                  GError            **error)
{
  const char *page = NULL;
  const char *candidates[3];

  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (product), NULL);

  if (avs_catalog_product_get_kind (product) != AVS_PRODUCT_KIND_PRODUCT ||
      !avs_catalog_product_runs_on_linux (product))
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_UNSUPPORTED,
                   /* Translators: %s is a product name */
                   _("%s is not something to install on Linux."),
                   avs_catalog_product_get_name (product));
      return NULL;
    }

  candidates[0] = avs_catalog_product_get_download_url (product);
  candidates[1] = avs_catalog_product_get_homepage (product);
  candidates[2] = avs_catalog_product_get_documentation (product);
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && page == NULL; i++)
    if (candidates[i] != NULL && avs_validate_https_url (candidates[i], NULL))
      page = candidates[i];

  return avs_replacement_new (avs_catalog_product_get_id (product),
                              avs_catalog_product_get_name (product),
                              avs_catalog_product_get_flathub_id (product),
                              avs_catalog_product_get_packages (product, "apt"),
                              avs_catalog_product_get_packages (product, "dnf"),
                              avs_catalog_product_get_packages (product, "zypper"),
                              avs_catalog_product_get_packages (product, "pacman"),
                              page, error);
}

JsonNode *
avs_replacement_to_json (const AvsReplacement *replacement)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "product");
  json_builder_add_string_value (builder, replacement->product_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, replacement->name);
  avs_json_builder_add_string_member (builder, "flathub", replacement->flathub_id);
  _avs_plan_builder_add_strv (builder, "apt", replacement->apt);
  _avs_plan_builder_add_strv (builder, "dnf", replacement->dnf);
  _avs_plan_builder_add_strv (builder, "zypper", replacement->zypper);
  _avs_plan_builder_add_strv (builder, "pacman", replacement->pacman);
  avs_json_builder_add_string_member (builder, "vendor_url", replacement->vendor_url);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

AvsReplacement *
avs_replacement_from_json (JsonNode  *node,
                           GError   **error)
{
  static const char * const members[] = {
    "product", "name", "flathub", "apt", "dnf", "zypper", "pacman", "vendor_url", NULL
  };
  JsonObject *object;
  const char *product = NULL, *name = NULL, *flathub = NULL, *vendor_url = NULL;
  g_auto(GStrv) apt = NULL, dnf = NULL, zypper = NULL, pacman = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The replacement must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!avs_json_check_members (object, "$.replacement", members, error) ||
      !avs_json_get_string (object, "$.replacement", "product", TRUE, &product, error) ||
      !avs_json_get_string (object, "$.replacement", "name", TRUE, &name, error) ||
      !avs_json_get_nullable_string (object, "$.replacement", "flathub", &flathub, error) ||
      !avs_json_get_strv (object, "$.replacement", "apt", FALSE, &apt, error) ||
      !avs_json_get_strv (object, "$.replacement", "dnf", FALSE, &dnf, error) ||
      !avs_json_get_strv (object, "$.replacement", "zypper", FALSE, &zypper, error) ||
      !avs_json_get_strv (object, "$.replacement", "pacman", FALSE, &pacman, error) ||
      !avs_json_get_nullable_string (object, "$.replacement", "vendor_url", &vendor_url, error))
    return NULL;

  return avs_replacement_new (product, name, flathub,
                              (const char * const *) apt, (const char * const *) dnf,
                              (const char * const *) zypper, (const char * const *) pacman,
                              vendor_url, error);
}

/* ---------------------------------------------------------------------------------------------
 * The replacement step
 * ------------------------------------------------------------------------------------------- */

static char **
replacement_packages (AvsPlan *self)
{
  switch (self->frontend)
    {
    case AVS_PACKAGE_FRONTEND_APT:
      return self->replacement->apt;
    case AVS_PACKAGE_FRONTEND_DNF:
    case AVS_PACKAGE_FRONTEND_YUM:
      return self->replacement->dnf;
    case AVS_PACKAGE_FRONTEND_ZYPPER:
      return self->replacement->zypper;
    case AVS_PACKAGE_FRONTEND_PACMAN:
      return self->replacement->pacman;
    case AVS_PACKAGE_FRONTEND_AUTO:
    case AVS_PACKAGE_FRONTEND_NONE:
    default:
      return NULL;
    }
}

static AvsReplacementMethod
resolve_method (AvsPlan *self)
{
  AvsReplacementMethod method = self->method;
  char **packages = replacement_packages (self);
  gboolean has_packages = packages != NULL && packages[0] != NULL;

  if (method == AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE || method == AVS_REPLACEMENT_METHOD_FLATPAK)
    if (self->replacement->flathub_id == NULL)
      method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method == AVS_REPLACEMENT_METHOD_PACKAGES && !has_packages)
    method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method == AVS_REPLACEMENT_METHOD_VENDOR_PAGE && self->replacement->vendor_url == NULL)
    method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method != AVS_REPLACEMENT_METHOD_AUTO)
    return method;

  if (self->replacement->flathub_id != NULL)
    return AVS_REPLACEMENT_METHOD_FLATPAK;
  if (has_packages)
    return AVS_REPLACEMENT_METHOD_PACKAGES;
  if (self->replacement->vendor_url != NULL)
    return AVS_REPLACEMENT_METHOD_VENDOR_PAGE;
  return AVS_REPLACEMENT_METHOD_AUTO;
}

/* GNOME Software opens on the application; AV Switch then checks that it is installed. */
static void
explain_gnome_software (AvsPlanStep          *step,
                        GString              *text,
                        const AvsReplacement *r)
{
  g_autofree char *s = g_strdup_printf (
      /* Translators: %s is the product name */
      _("GNOME Software opens on %s: click Install there. AV Switch then checks that it "
        "is installed."), r->name);
  step->uri = g_strconcat ("appstream://", r->flathub_id, NULL);
  g_ptr_array_add (step->postconditions,
                   _avs_plan_check_new (AVS_CHECK_FLATPAK_INSTALLED, r->flathub_id, NULL));
  _avs_plan_append_paragraph (text, s);
}

/* flatpak install --user: no administrator rights needed. */
static void
add_flatpak_install (AvsPlanStep          *step,
                     GString              *text,
                     const AvsReplacement *r)
{
  g_autofree char *s = g_strdup_printf (
      /* Translators: the first %s is the product name, the second a Flatpak id */
      _("Installs %s from Flathub (%s) for your user only, with Flatpak; no administrator "
        "rights are needed. The Flathub remote must be set up for your user; if it is "
        "not, add it as Flathub’s setup page for your distribution describes."),
      r->name, r->flathub_id);
  step->kind = AVS_STEP_KIND_AUTOMATIC;
  _avs_plan_step_add_command (step, FALSE, (const char *[]) { "flatpak", "install", "--user",
                                                              "--noninteractive", "flathub",
                                                              r->flathub_id, NULL });
  g_ptr_array_add (step->postconditions,
                   _avs_plan_check_new (AVS_CHECK_FLATPAK_INSTALLED, r->flathub_id, NULL));
  _avs_plan_append_paragraph (text, s);
}

/* The distribution's packages, with its front-end; on a disk that is not running, a note. */
static void
add_package_install (AvsPlan              *self,
                     AvsPlanStep          *step,
                     GString              *text,
                     const AvsReplacement *r)
{
  char **packages = replacement_packages (self);
  const char *manager =
    avs_package_manager_to_string (_avs_plan_manager_for_frontend (self->frontend));
  /* Never NULL: resolve_method() picks packages only for a front-end that has them. */
  g_auto(GStrv) argv =
    avs_package_manager_dup_install_argv (avs_package_frontend_to_string (self->frontend),
                                          (const char * const *) packages);
  g_autofree char *names = g_strjoinv (" ", packages);
  g_autofree char *s = NULL;

  g_assert (argv != NULL);
  for (guint i = 0; packages[i] != NULL; i++)
    g_ptr_array_add (step->postconditions,
                     _avs_plan_check_new (AVS_CHECK_PACKAGE_INSTALLED, packages[i], manager));

  if (self->live)
    {
      step->kind = AVS_STEP_KIND_AUTOMATIC;
      _avs_plan_step_add_command (step, TRUE, (const char * const *) argv);
      s = g_strdup_printf (
          /* Translators: the first %s is the product name, the second package names */
          _("Installs %s from the distribution’s own packages (%s), as administrator."),
          r->name, names);
    }
  else
    s = g_strdup_printf (
        /* Translators: the first %s is the product name, the second package names */
        _("The scanned system is not running, so %s cannot be installed on it from here. "
          "Once it runs, install the packages %s with its package manager."),
        r->name, names);
  _avs_plan_append_paragraph (text, s);
}

/* A commercial product: the vendor's page, which AV Switch cannot check. */
static void
explain_vendor_page (AvsPlanStep          *step,
                     GString              *text,
                     const AvsReplacement *r)
{
  g_autofree char *s = g_strdup_printf (
      /* Translators: the first %s is the product name, the second a web address */
      _("%s is a commercial product that its vendor distributes directly: get it from %s "
        "and follow the vendor’s instructions. AV Switch cannot check this installation."),
      r->name, r->vendor_url);
  step->uri = g_strdup (r->vendor_url);
  _avs_plan_append_paragraph (text, s);
}

/* The catalog names no way to install it here. */
static void
explain_no_method (GString              *text,
                   const AvsReplacement *r)
{
  g_autofree char *s = g_strdup_printf (
      /* Translators: %s is the product name */
      _("The catalog names no way to install %s on this distribution; see the product’s "
        "own documentation."), r->name);
  _avs_plan_append_paragraph (text, s);
}

void
_avs_plan_add_replacement_step (AvsPlan *self)
{
  const AvsReplacement *r = self->replacement;
  AvsPlanStep *step;
  GString *text;
  g_autofree char *title = NULL;
  AvsReplacementMethod method;

  if (r == NULL)
    return;

  method = resolve_method (self);
  /* Translators: %s is the name of the replacement product */
  title = g_strdup_printf (_("Install %s"), r->name);
  step = _avs_plan_step_new ("replacement", AVS_STEP_INSTALL_REPLACEMENT, AVS_STEP_KIND_MANUAL,
                             title);
  _avs_plan_step_add_product (step, r->product_id);
  text = g_string_new (NULL);

  /* A disk scanned with --root is not the running system: installing here would install on
   * the wrong machine. */
  if (!self->live && (method == AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE ||
                      method == AVS_REPLACEMENT_METHOD_FLATPAK))
    {
      g_autofree char *s = g_strdup_printf (
          /* Translators: the first %s is the product name, the second a command */
          _("The scanned system is not running, so %s cannot be installed on it from here. Once "
            "it runs, install it there with: %s"),
          r->name, "flatpak install --user flathub");
      g_autofree char *s2 = g_strconcat (s, " ", r->flathub_id, NULL);
      _avs_plan_append_paragraph (text, s2);
      _avs_plan_add_step (self, step, text);
      return;
    }

  switch (method)
    {
    case AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE:
      explain_gnome_software (step, text, r);
      break;

    case AVS_REPLACEMENT_METHOD_FLATPAK:
      add_flatpak_install (step, text, r);
      break;

    case AVS_REPLACEMENT_METHOD_PACKAGES:
      add_package_install (self, step, text, r);
      break;

    case AVS_REPLACEMENT_METHOD_VENDOR_PAGE:
      explain_vendor_page (step, text, r);
      break;

    case AVS_REPLACEMENT_METHOD_AUTO:
    default:
      explain_no_method (text, r);
      break;
    }
  _avs_plan_add_step (self, step, text);
}
