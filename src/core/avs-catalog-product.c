/* avs-catalog-product.c — one entry of the catalog of alternatives
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "avs-catalog-product.h"
#include "avs-catalog-validate.h"
#include "avs-json-reader.h"
#include "avs-timeline.h"

struct _AvsCatalogProduct
{
  GObject           parent_instance;

  char             *id;
  AvsProductKind    kind;
  char             *name;
  char             *vendor;
  char            **vendor_countries;
  char             *licence;
  char             *spdx;
  AvsTristate       open_source;
  AvsPrice          price;
  AvsAudience       audiences;
  char            **platforms;
  char            **distributions;
  AvsTristate       on_access;
  char            **mechanisms;
  char             *on_access_note;
  AvsConsole        console;
  char             *flathub;
  char            **apt;
  char            **dnf;
  char            **zypper;
  char            **pacman;
  char             *repository;
  char             *download;
  char             *install_note;
  char             *homepage;
  char             *documentation;
  AvsProductStatus  status;
  char             *description;
  GPtrArray        *caveats;
  GPtrArray        *tests;
  char            **sources;
  char             *reviewed;
};

G_DEFINE_FINAL_TYPE (AvsCatalogProduct, avs_catalog_product, G_TYPE_OBJECT)

static const char * const kind_names[] = { "product", "built-in", "advice", NULL };
static const char * const price_names[] = { "free", "paid", "included", NULL };
static const char * const console_names[] = { "none", "optional", "required", NULL };
static const char * const status_names[] = { "active", "unmaintained", "discontinued", "unclear", NULL };
static const char * const audience_names[] = { "home", "business", "server", NULL };
static const char * const caveat_kinds[] = {
  "jurisdiction", "unmaintained", "discontinued", "status-unclear", "licence", "conflict",
  "kernel", "not-verified", "other", NULL
};

static void
caveat_free (AvsCatalogCaveat *caveat)
{
  g_free (caveat->kind);
  g_free (caveat->text);
  g_strfreev (caveat->sources);
  g_free (caveat);
}

static void
lab_test_free (AvsCatalogLabTest *test)
{
  g_free (test->lab);
  g_free (test->text);
  g_free (test->source);
  g_free (test);
}

static void
avs_catalog_product_finalize (GObject *object)
{
  AvsCatalogProduct *self = AVS_CATALOG_PRODUCT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->vendor);
  g_strfreev (self->vendor_countries);
  g_free (self->licence);
  g_free (self->spdx);
  g_strfreev (self->platforms);
  g_strfreev (self->distributions);
  g_strfreev (self->mechanisms);
  g_free (self->on_access_note);
  g_free (self->flathub);
  g_strfreev (self->apt);
  g_strfreev (self->dnf);
  g_strfreev (self->zypper);
  g_strfreev (self->pacman);
  g_free (self->repository);
  g_free (self->download);
  g_free (self->install_note);
  g_free (self->homepage);
  g_free (self->documentation);
  g_free (self->description);
  g_clear_pointer (&self->caveats, g_ptr_array_unref);
  g_clear_pointer (&self->tests, g_ptr_array_unref);
  g_strfreev (self->sources);
  g_free (self->reviewed);

  G_OBJECT_CLASS (avs_catalog_product_parent_class)->finalize (object);
}

static void
avs_catalog_product_class_init (AvsCatalogProductClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_catalog_product_finalize;
}

static void
avs_catalog_product_init (AvsCatalogProduct *self)
{
  self->caveats = g_ptr_array_new_with_free_func ((GDestroyNotify) caveat_free);
  self->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_test_free);
}

/* Every string in a list must pass @check; duplicates are refused too. */
static gboolean
get_checked_strv (const AvsJsonValue    *object,
                  const char            *path,
                  const char            *member,
                  gboolean               nullable,
                  gboolean               non_empty,
                  AvsCatalogStringCheck  check,
                  char                ***out,
                  GError               **error)
{
  const AvsJsonValue *array = NULL;
  char **values;

  *out = NULL;
  if (nullable && avs_catalog_member_is_null (object, member))
    return TRUE;
  if (!avs_json_value_get_array (object, path, member, TRUE, &array, error))
    return FALSE;
  if (non_empty && array->length == 0)
    return avs_catalog_schema_error (error, _("%s: “%s” must not be empty."), path, member);
  for (guint i = 0; i < array->length; i++)
    {
      const AvsJsonValue *element = &array->elements[i];

      if (element->type != AVS_JSON_TYPE_STRING)
        return avs_catalog_schema_error (error,
                                         /* Translators: "$.path.key[3] must be a string" */
                                         _("%s.%s[%u] must be a string."), path, member, i);
      if (!check (element->string))
        return avs_catalog_schema_error (error,
                                         /* Translators: "$.products[2].apt[0]: “rm -rf” is not allowed here." */
                                         _("%s.%s[%u]: “%s” is not allowed here."),
                                         path, member, i, element->string);
      for (guint j = 0; j < i; j++)
        if (array->elements[j].length == element->length &&
            memcmp (array->elements[j].string, element->string, element->length) == 0)
          return avs_catalog_schema_error (error, _("%s.%s[%u]: “%s” is listed twice."),
                                           path, member, i, element->string);
    }

  values = g_new (char *, array->length + 1);
  for (guint i = 0; i < array->length; i++)
    values[i] = g_strndup (array->elements[i].string, array->elements[i].length);
  values[array->length] = NULL;
  *out = values;
  return TRUE;
}

static gboolean
get_enum (const AvsJsonValue  *object,
          const char          *path,
          const char          *member,
          const char * const  *names,
          gboolean             nullable,
          int                 *out_index,
          GError             **error)
{
  const char *value = NULL;

  *out_index = -1;
  if (nullable && avs_catalog_member_is_null (object, member))
    return TRUE;
  if (!avs_json_value_get_string (object, path, member, TRUE, &value, error))
    return FALSE;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], value))
      {
        *out_index = i;
        return TRUE;
      }
  {
    g_autofree char *allowed = g_strjoinv (", ", (char **) names);
    return avs_catalog_schema_error (error,
                                     /* Translators: "$.products[2]: “price” is “cheap”; allowed: free, paid, included." */
                                     _("%s: “%s” is “%s”; allowed: %s."), path, member, value, allowed);
  }
}

static gboolean
get_tristate (const AvsJsonValue *object,
              const char   *path,
              const char   *member,
              AvsTristate  *out,
              GError      **error)
{
  gboolean value = FALSE;

  *out = AVS_TRISTATE_UNKNOWN;
  if (avs_catalog_member_is_null (object, member))
    return TRUE;
  if (!avs_json_value_get_bool (object, path, member, TRUE, &value, error))
    return FALSE;
  *out = value ? AVS_TRISTATE_YES : AVS_TRISTATE_NO;
  return TRUE;
}

static gboolean
parse_on_access (AvsCatalogProduct  *self,
                 const AvsJsonValue *parent,
                 const char         *parent_path,
                 const char * const  *languages,
                 GError            **error)
{
  static const char * const members[] = { "supported", "mechanisms", "note", NULL };
  g_autofree char *path = g_strdup_printf ("%s.on_access", parent_path);
  const AvsJsonValue *object = NULL;

  if (!avs_json_value_get_object (parent, parent_path, "on_access", TRUE, &object, error) ||
      !avs_json_value_check_members (object, path, members, error) ||
      !get_tristate (object, path, "supported", &self->on_access, error) ||
      !get_checked_strv (object, path, "mechanisms", FALSE, FALSE,
                         avs_catalog_check_mechanism, &self->mechanisms, error) ||
      !avs_catalog_get_texts (object, path, "note", TRUE, languages, &self->on_access_note, error))
    return FALSE;
  return TRUE;
}

static gboolean
parse_install (AvsCatalogProduct  *self,
               const AvsJsonValue *parent,
               const char         *parent_path,
               const char * const  *languages,
               GError            **error)
{
  static const char * const members[] = {
    "flathub", "apt", "dnf", "zypper", "pacman", "repository", "download", "note", NULL
  };
  g_autofree char *path = g_strdup_printf ("%s.install", parent_path);
  const AvsJsonValue *object = NULL;

  return avs_json_value_get_object (parent, parent_path, "install", TRUE, &object, error) &&
         avs_json_value_check_members (object, path, members, error) &&
         avs_catalog_get_checked_string (object, path, "flathub", TRUE,
                                         avs_catalog_check_flathub_id, &self->flathub, error) &&
         get_checked_strv (object, path, "apt", FALSE, FALSE, avs_catalog_check_deb_package,
                           &self->apt, error) &&
         get_checked_strv (object, path, "dnf", FALSE, FALSE, avs_catalog_check_rpm_package,
                           &self->dnf, error) &&
         get_checked_strv (object, path, "zypper", FALSE, FALSE, avs_catalog_check_rpm_package,
                           &self->zypper, error) &&
         get_checked_strv (object, path, "pacman", FALSE, FALSE, avs_catalog_check_deb_package,
                           &self->pacman, error) &&
         avs_catalog_get_checked_string (object, path, "repository", TRUE,
                                         avs_catalog_check_https_url, &self->repository, error) &&
         avs_catalog_get_checked_string (object, path, "download", TRUE,
                                         avs_catalog_check_https_url, &self->download, error) &&
         avs_catalog_get_texts (object, path, "note", TRUE, languages, &self->install_note, error);
}

static gboolean
parse_caveats (AvsCatalogProduct  *self,
               const AvsJsonValue *parent,
               const char         *parent_path,
               const char * const  *languages,
               GError            **error)
{
  static const char * const members[] = { "kind", "text", "sources", NULL };
  const AvsJsonValue *array = NULL;

  if (!avs_json_value_get_array (parent, parent_path, "caveats", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < array->length; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.caveats[%u]", parent_path, i);
      const AvsJsonValue *node = &array->elements[i];
      g_autofree char *text = NULL;
      AvsCatalogCaveat *caveat;
      const AvsJsonValue *object;
      int kind = -1;
      g_auto(GStrv) sources = NULL;

      if (node->type != AVS_JSON_TYPE_OBJECT)
        return avs_catalog_schema_error (error, _("%s must be an object."), path);
      object = node;
      if (!avs_json_value_check_members (object, path, members, error) ||
          !get_enum (object, path, "kind", caveat_kinds, FALSE, &kind, error) ||
          !avs_catalog_get_texts (object, path, "text", FALSE, languages, &text, error))
        return FALSE;
      if (avs_json_value_get_member (object, "sources") != NULL &&
          !get_checked_strv (object, path, "sources", FALSE, FALSE, avs_catalog_check_source_url,
                             &sources, error))
        return FALSE;

      caveat = g_new0 (AvsCatalogCaveat, 1);
      caveat->kind = g_strdup (caveat_kinds[kind]);
      caveat->text = g_steal_pointer (&text);
      caveat->sources = sources != NULL ? g_steal_pointer (&sources) : g_new0 (char *, 1);
      g_ptr_array_add (self->caveats, caveat);
    }
  return TRUE;
}

static gboolean
parse_tests (AvsCatalogProduct  *self,
             const AvsJsonValue *parent,
             const char         *parent_path,
             const char * const  *languages,
             GError            **error)
{
  static const char * const members[] = { "lab", "year", "text", "source", NULL };
  const AvsJsonValue *array = NULL;

  if (!avs_json_value_get_array (parent, parent_path, "tests", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < array->length; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.tests[%u]", parent_path, i);
      const AvsJsonValue *node = &array->elements[i];
      g_autofree char *text = NULL;
      g_autofree char *lab = NULL;
      g_autofree char *source = NULL;
      AvsCatalogLabTest *test;
      const AvsJsonValue *object;
      gint64 year = 0;

      if (node->type != AVS_JSON_TYPE_OBJECT)
        return avs_catalog_schema_error (error, _("%s must be an object."), path);
      object = node;
      if (!avs_json_value_check_members (object, path, members, error) ||
          !avs_catalog_get_checked_string (object, path, "lab", FALSE, avs_catalog_check_name,
                                           &lab, error) ||
          !avs_json_value_get_int (object, path, "year", TRUE, &year, error) ||
          !avs_catalog_get_texts (object, path, "text", FALSE, languages, &text, error) ||
          !avs_catalog_get_checked_string (object, path, "source", FALSE,
                                           avs_catalog_check_source_url, &source, error))
        return FALSE;
      if (year < 1980 || year > 9999)
        return avs_catalog_schema_error (error, _("%s: “%s” is not a plausible year."), path, "year");

      test = g_new0 (AvsCatalogLabTest, 1);
      test->lab = g_steal_pointer (&lab);
      test->year = (int) year;
      test->text = g_steal_pointer (&text);
      test->source = g_steal_pointer (&source);
      g_ptr_array_add (self->tests, test);
    }
  return TRUE;
}

AvsCatalogProduct *
avs_catalog_product_new_from_json (const AvsJsonValue  *object,
                                   const char          *path,
                                   const char * const  *languages,
                                   GError             **error)
{
  static const char * const members[] = {
    "id", "kind", "name", "vendor", "vendor_countries", "licence", "spdx", "open_source",
    "price", "audiences", "platforms", "distributions", "on_access", "console", "install",
    "homepage", "documentation", "status", "description", "caveats", "tests", "sources",
    "reviewed", NULL
  };
  g_autoptr(AvsCatalogProduct) self = g_object_new (AVS_TYPE_CATALOG_PRODUCT, NULL);
  g_auto(GStrv) audiences = NULL;
  int kind = -1, price = -1, console = -1, status = -1;

  g_return_val_if_fail (object != NULL, NULL);

  if (!avs_json_value_check_members (object, path, members, error) ||
      !avs_catalog_get_checked_string (object, path, "id", FALSE, avs_catalog_check_id,
                                       &self->id, error) ||
      !get_enum (object, path, "kind", kind_names, FALSE, &kind, error) ||
      !avs_catalog_get_name (object, path, "name", languages, &self->name, error) ||
      !avs_catalog_get_checked_string (object, path, "vendor", TRUE, avs_catalog_check_name,
                                       &self->vendor, error) ||
      !get_checked_strv (object, path, "vendor_countries", FALSE, FALSE,
                         avs_catalog_check_country, &self->vendor_countries, error) ||
      !avs_catalog_get_checked_string (object, path, "licence", TRUE, avs_catalog_check_name,
                                       &self->licence, error) ||
      !avs_catalog_get_checked_string (object, path, "spdx", TRUE, avs_catalog_check_spdx,
                                       &self->spdx, error) ||
      !get_tristate (object, path, "open_source", &self->open_source, error) ||
      !get_enum (object, path, "price", price_names, TRUE, &price, error) ||
      !get_checked_strv (object, path, "audiences", FALSE, TRUE, avs_catalog_check_audience,
                         &audiences, error) ||
      !get_checked_strv (object, path, "platforms", FALSE, TRUE, avs_catalog_check_platform,
                         &self->platforms, error) ||
      !get_checked_strv (object, path, "distributions", TRUE, TRUE, avs_catalog_check_os_id,
                         &self->distributions, error) ||
      !parse_on_access (self, object, path, languages, error) ||
      !get_enum (object, path, "console", console_names, TRUE, &console, error) ||
      !parse_install (self, object, path, languages, error) ||
      !avs_catalog_get_checked_string (object, path, "homepage", TRUE,
                                       avs_catalog_check_https_url, &self->homepage, error) ||
      (avs_json_value_get_member (object, "documentation") != NULL &&
       !avs_catalog_get_checked_string (object, path, "documentation", TRUE,
                                        avs_catalog_check_https_url, &self->documentation, error)) ||
      !get_enum (object, path, "status", status_names, FALSE, &status, error) ||
      !avs_catalog_get_texts (object, path, "description", FALSE, languages, &self->description, error) ||
      !parse_caveats (self, object, path, languages, error) ||
      !parse_tests (self, object, path, languages, error) ||
      !get_checked_strv (object, path, "sources", FALSE, TRUE, avs_catalog_check_source_url,
                         &self->sources, error) ||
      !avs_catalog_get_checked_string (object, path, "reviewed", FALSE, avs_catalog_check_date,
                                       &self->reviewed, error))
    return NULL;

  self->kind = (AvsProductKind) kind;
  self->price = price < 0 ? AVS_PRICE_UNKNOWN : (AvsPrice) (price + 1);
  self->console = console < 0 ? AVS_CONSOLE_UNKNOWN : (AvsConsole) (console + 1);
  self->status = (AvsProductStatus) status;
  for (guint i = 0; audiences[i] != NULL; i++)
    for (guint j = 0; audience_names[j] != NULL; j++)
      if (g_str_equal (audiences[i], audience_names[j]))
        self->audiences |= 1 << j;

  return g_steal_pointer (&self);
}

#define EMPTY_STRV ((const char * const *) empty_strv)
static const char * const empty_strv[] = { NULL };

const char *
avs_catalog_product_get_id (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->id;
}

AvsProductKind
avs_catalog_product_get_kind (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_PRODUCT_KIND_PRODUCT);
  return self->kind;
}

const char *
avs_catalog_product_get_name (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->name;
}

const char *
avs_catalog_product_get_vendor (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->vendor;
}

const char * const *
avs_catalog_product_get_vendor_countries (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return (const char * const *) self->vendor_countries;
}

const char *
avs_catalog_product_get_licence (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->licence;
}

const char *
avs_catalog_product_get_spdx (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->spdx;
}

const char *
avs_catalog_product_describe_licence (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);

  if (self->spdx != NULL)
    return self->spdx;
  if (self->licence != NULL && g_ascii_strcasecmp (self->licence, "proprietary") == 0)
    /* Translators: the licence of a product that is not free software, shown after its vendor
     * and price ("Sophos · Paid · Proprietary") */
    return C_("licence", "Proprietary");
  return self->licence;
}

AvsTristate
avs_catalog_product_get_open_source (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_TRISTATE_UNKNOWN);
  return self->open_source;
}

AvsPrice
avs_catalog_product_get_price (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_PRICE_UNKNOWN);
  return self->price;
}

AvsAudience
avs_catalog_product_get_audiences (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_AUDIENCE_NONE);
  return self->audiences;
}

const char * const *
avs_catalog_product_get_platforms (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return (const char * const *) self->platforms;
}

gboolean
avs_catalog_product_runs_on_linux (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), FALSE);
  return g_strv_contains ((const char * const *) self->platforms, "linux");
}

const char * const *
avs_catalog_product_get_distributions (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return (const char * const *) self->distributions;
}

AvsTristate
avs_catalog_product_get_on_access (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_TRISTATE_UNKNOWN);
  return self->on_access;
}

const char * const *
avs_catalog_product_get_on_access_mechanisms (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return (const char * const *) self->mechanisms;
}

const char *
avs_catalog_product_get_on_access_note (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->on_access_note;
}

AvsConsole
avs_catalog_product_get_console (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_CONSOLE_UNKNOWN);
  return self->console;
}

const char *
avs_catalog_product_get_flathub_id (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->flathub;
}

const char * const *
avs_catalog_product_get_packages (AvsCatalogProduct *self,
                                  const char        *tool)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  g_return_val_if_fail (tool != NULL, NULL);

  if (g_str_equal (tool, "apt"))
    return (const char * const *) self->apt;
  if (g_str_equal (tool, "dnf"))
    return (const char * const *) self->dnf;
  if (g_str_equal (tool, "zypper"))
    return (const char * const *) self->zypper;
  if (g_str_equal (tool, "pacman"))
    return (const char * const *) self->pacman;
  return EMPTY_STRV;
}

const char *
avs_catalog_product_get_repository (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->repository;
}

const char *
avs_catalog_product_get_download_url (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->download;
}

const char *
avs_catalog_product_get_install_note (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->install_note;
}

const char *
avs_catalog_product_get_homepage (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->homepage;
}

const char *
avs_catalog_product_get_documentation (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->documentation;
}

AvsProductStatus
avs_catalog_product_get_status (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), AVS_PRODUCT_STATUS_UNCLEAR);
  return self->status;
}

const char *
avs_catalog_product_get_description (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->description;
}

GPtrArray *
avs_catalog_product_get_caveats (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->caveats;
}

GPtrArray *
avs_catalog_product_get_tests (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->tests;
}

gboolean
avs_catalog_product_has_caveat (AvsCatalogProduct *self,
                                const char        *kind)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), FALSE);

  for (guint i = 0; i < self->caveats->len; i++)
    {
      AvsCatalogCaveat *caveat = g_ptr_array_index (self->caveats, i);
      if (g_str_equal (caveat->kind, kind))
        return TRUE;
    }
  return FALSE;
}

const char * const *
avs_catalog_product_get_sources (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return (const char * const *) self->sources;
}

const char *
avs_catalog_product_get_reviewed (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);
  return self->reviewed;
}

char *
avs_catalog_product_format_reviewed (AvsCatalogProduct *self)
{
  g_autoptr(GDateTime) when = NULL;
  int y, m, d;

  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), NULL);

  /* The loader accepted only a valid YYYY-MM-DD. */
  if (self->reviewed == NULL || sscanf (self->reviewed, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  when = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return when != NULL ? avs_format_date (when) : NULL;
}

gboolean
avs_catalog_product_has_jurisdiction_concern (AvsCatalogProduct *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (self), FALSE);

  /* The concern behind the measures against Kaspersky is Russian jurisdiction
   * (ban-facts.md §9), so a vendor in Russia is flagged whatever the feed says. */
  return avs_catalog_product_has_caveat (self, "jurisdiction") ||
         g_strv_contains ((const char * const *) self->vendor_countries, "RU");
}

const char *
avs_product_kind_to_string (AvsProductKind kind)
{
  g_return_val_if_fail (kind <= AVS_PRODUCT_KIND_ADVICE, NULL);
  return kind_names[kind];
}

const char *
avs_price_to_string (AvsPrice price)
{
  if (price == AVS_PRICE_UNKNOWN || price > AVS_PRICE_INCLUDED)
    return NULL;
  return price_names[price - 1];
}

const char *
avs_console_to_string (AvsConsole console)
{
  if (console == AVS_CONSOLE_UNKNOWN || console > AVS_CONSOLE_REQUIRED)
    return NULL;
  return console_names[console - 1];
}

const char *
avs_product_status_to_string (AvsProductStatus status)
{
  g_return_val_if_fail (status <= AVS_PRODUCT_STATUS_UNCLEAR, NULL);
  return status_names[status];
}
