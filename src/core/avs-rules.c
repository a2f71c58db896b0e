/* avs-rules.c — the detection rules: products and the signals that reveal them
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-rules.h"

G_DEFINE_QUARK (avs-rules-error-quark, avs_rules_error)

struct _AvsRules
{
  GObject     parent_instance;

  guint       version;
  GHashTable *sources;     /* key → url */
  GRegex     *vendor_regex;
  char      **vendor_paths;
  char      **shared_paths;
  GPtrArray  *products;
  GHashTable *candidates;  /* package name set */
};

G_DEFINE_FINAL_TYPE (AvsRules, avs_rules, G_TYPE_OBJECT)

static void
signal_free (AvsRuleSignal *signal)
{
  g_free (signal->value);
  g_free (signal->browser);
  g_strfreev (signal->path_parts);
  g_clear_pointer (&signal->regex, g_regex_unref);
  g_strfreev (signal->sources);
  g_free (signal);
}

static void
version_free (AvsRuleVersion *version)
{
  g_free (version->path);
  g_clear_pointer (&version->pattern, g_regex_unref);
  g_free (version->section);
  g_free (version->key);
  g_free (version);
}

static void
product_free (AvsRuleProduct *product)
{
  g_free (product->id);
  g_free (product->name);
  g_strfreev (product->sources);
  g_clear_pointer (&product->signals, g_ptr_array_unref);
  g_clear_pointer (&product->versions, g_ptr_array_unref);
  g_strfreev (product->signature_paths);
  g_strfreev (product->management_commands);
  g_free (product->server_label);
  g_free (product);
}

static void
avs_rules_finalize (GObject *object)
{
  AvsRules *self = AVS_RULES (object);

  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->vendor_regex, g_regex_unref);
  g_strfreev (self->vendor_paths);
  g_strfreev (self->shared_paths);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_hash_table_unref);

  G_OBJECT_CLASS (avs_rules_parent_class)->finalize (object);
}

static void
avs_rules_class_init (AvsRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_rules_finalize;
}

static void
avs_rules_init (AvsRules *self)
{
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) product_free);
  self->candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Validation helpers --------------------------------------------------------------------------- */

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *message)
{
  g_set_error (error, AVS_RULES_ERROR, 0,
               /* Translators: "$.products[2].signals[0]: message" */
               _("%s: %s"), path, message);
  return FALSE;
}

/* The only programs a rules file may name as management commands. An administrator's scan
 * runs them (the Network Agent's klnagchk prints the Administration Server's address), so a
 * --rules file must not be a way to run any other program as root. docs/detection.md. */
static const char * const management_programs[] = {
  "/opt/kaspersky/klnagent64/bin/klnagchk",
  "/opt/kaspersky/klnagent/bin/klnagchk",
  NULL
};

static gboolean
valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

/* A name: printable ASCII without "/" or spaces, as package, unit, group, process, module and
 * extension names are. */
static gboolean
valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 255)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p) || *p == '/' || *p == '\\')
      return FALSE;
  return TRUE;
}

static gboolean
check_glob_component (const char *part)
{
  /* Globs are * and ? only; no character classes, no braces, no escapes. */
  for (const char *p = part; *p != '\0'; p++)
    if (*p == '[' || *p == ']' || *p == '{' || *p == '}' || *p == '\\')
      return FALSE;
  return TRUE;
}

/* Splits and checks a path: absolute (or relative when @relative), no "." or ".." or empty
 * component, globs only as * and ?, valid UTF-8. */
static gboolean
parse_path (const char   *value,
            gboolean      relative,
            const char   *jpath,
            char       ***out_parts,
            gboolean     *out_glob,
            GError      **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean glob = FALSE;
  const char *start;

  if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL) || strlen (value) > 1024)
    return fail (error, jpath, _("the path is empty, too long or not valid text."));
  if (!relative && value[0] != '/')
    return fail (error, jpath, _("the path must be absolute (start with “/”)."));
  if (relative && value[0] == '/')
    return fail (error, jpath, _("the path must be relative (not start with “/”)."));

  start = relative ? value : value + 1;
  if (*start == '\0')
    return fail (error, jpath, _("the path must name something below “/”."));
  parts = g_strsplit (start, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return fail (error, jpath, _("the path has an empty, “.” or “..” component."));
      if (!check_glob_component (parts[i]))
        return fail (error, jpath, _("the path has a bad pattern: only “*” and “?” may be used."));
      if (strchr (parts[i], '*') != NULL || strchr (parts[i], '?') != NULL)
        {
          if (i == 0 && !relative)
            return fail (error, jpath, _("the first folder of a path may not be a pattern."));
          glob = TRUE;
        }
      g_strv_builder_add (builder, parts[i]);
    }

  *out_parts = g_strv_builder_end (builder);
  *out_glob = glob;
  return TRUE;
}

static GRegex *
compile_regex (const char  *pattern,
               const char  *jpath,
               int          min_groups,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GRegex *regex;

  if (pattern == NULL || *pattern == '\0')
    {
      fail (error, jpath, _("the pattern is empty."));
      return NULL;
    }
  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (regex == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("the pattern “%s” is not a valid regular expression: %s"),
                                                  pattern, local_error->message);
      fail (error, jpath, message);
      return NULL;
    }
  if (g_regex_get_capture_count (regex) < min_groups)
    {
      fail (error, jpath, _("the pattern needs a group in parentheses that captures the version."));
      g_regex_unref (regex);
      return NULL;
    }
  return regex;
}

static gboolean
get_sources (AvsRules     *self,
             JsonObject   *object,
             const char   *jpath,
             gboolean      required,
             char       ***out_sources,
             GError      **error)
{
  g_auto(GStrv) sources = NULL;

  if (!avs_json_get_strv (object, jpath, "sources", required, &sources, error))
    return FALSE;
  if (sources == NULL)
    sources = g_new0 (char *, 1);
  if (required && sources[0] == NULL)
    return fail (error, jpath, _("“sources” must name at least one source."));
  for (guint i = 0; sources[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->sources, sources[i]))
        {
          g_autofree char *message = g_strdup_printf (_("the source “%s” is not listed in $.sources."), sources[i]);
          return fail (error, jpath, message);
        }
    }
  *out_sources = g_steal_pointer (&sources);
  return TRUE;
}

static gboolean
get_path_list (JsonObject   *object,
               const char   *jpath,
               const char   *member,
               char       ***out_paths,
               GError      **error)
{
  g_auto(GStrv) paths = NULL;

  if (!avs_json_get_strv (object, jpath, member, FALSE, &paths, error))
    return FALSE;
  if (paths == NULL)
    paths = g_new0 (char *, 1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *ipath = g_strdup_printf ("%s.%s[%u]", jpath, member, i);
      g_auto(GStrv) parts = NULL;
      gboolean glob = FALSE;

      if (!parse_path (paths[i], FALSE, ipath, &parts, &glob, error))
        return FALSE;
      if (glob)
        return fail (error, ipath, _("this path may not hold a pattern."));
    }
  *out_paths = g_steal_pointer (&paths);
  return TRUE;
}

/* Signals ------------------------------------------------------------------------------------ */

static const struct
{
  const char  *nick;
  AvsRuleKind  kind;
  const char  *value_key;
  AvsRuleRole  default_role;
} kinds[] = {
  { "package", AVS_RULE_PACKAGE, "name", AVS_RULE_ROLE_INSTALL },
  { "path", AVS_RULE_PATH, "path", AVS_RULE_ROLE_INSTALL },
  { "unit", AVS_RULE_UNIT, "name", AVS_RULE_ROLE_INSTALL },
  { "init-script", AVS_RULE_INIT_SCRIPT, "path", AVS_RULE_ROLE_INSTALL },
  { "group", AVS_RULE_GROUP, "name", AVS_RULE_ROLE_LEFTOVER },
  { "process", AVS_RULE_PROCESS, "name", AVS_RULE_ROLE_INSTALL },
  { "kernel-module", AVS_RULE_KERNEL_MODULE, "name", AVS_RULE_ROLE_INSTALL },
  { "certificate", AVS_RULE_CERTIFICATE, "subject_pattern", AVS_RULE_ROLE_INSTALL },
  { "browser-extension", AVS_RULE_BROWSER_EXTENSION, "id", AVS_RULE_ROLE_INSTALL },
  { "native-messaging-host", AVS_RULE_NATIVE_MESSAGING_HOST, "name", AVS_RULE_ROLE_INSTALL },
  { "windows-path", AVS_RULE_WINDOWS_PATH, "path", AVS_RULE_ROLE_INSTALL },
  { "home-path", AVS_RULE_HOME_PATH, "path", AVS_RULE_ROLE_LEFTOVER },
};

static AvsRuleSignal *
parse_signal (AvsRules    *self,
              JsonObject  *object,
              const char  *jpath,
              GError     **error)
{
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  AvsRuleSignal *signal;
  const char *kind = NULL, *value = NULL, *role = NULL, *browser = NULL;
  gboolean weak = FALSE;
  guint k;

  if (!avs_json_get_string (object, jpath, "kind", TRUE, &kind, error))
    return NULL;
  for (k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (kind, kinds[k].nick))
      break;
  if (k == G_N_ELEMENTS (kinds))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a known kind of signal."), kind);
      fail (error, jpath, message);
      return NULL;
    }

  g_ptr_array_add (allowed, (gpointer) "kind");
  g_ptr_array_add (allowed, (gpointer) kinds[k].value_key);
  g_ptr_array_add (allowed, (gpointer) "role");
  g_ptr_array_add (allowed, (gpointer) "weak");
  g_ptr_array_add (allowed, (gpointer) "sources");
  g_ptr_array_add (allowed, (gpointer) "note");
  if (kinds[k].kind == AVS_RULE_BROWSER_EXTENSION)
    g_ptr_array_add (allowed, (gpointer) "browser");
  g_ptr_array_add (allowed, NULL);

  if (!avs_json_check_members (object, jpath, (const char * const *) allowed->pdata, error) ||
      !avs_json_get_string (object, jpath, kinds[k].value_key, TRUE, &value, error) ||
      !avs_json_get_string (object, jpath, "role", FALSE, &role, error) ||
      !avs_json_get_bool (object, jpath, "weak", FALSE, &weak, error))
    return NULL;
  {
    const char *note = NULL;
    if (!avs_json_get_string (object, jpath, "note", FALSE, &note, error))
      return NULL;
  }

  signal = g_new0 (AvsRuleSignal, 1);
  signal->kind = kinds[k].kind;
  signal->role = kinds[k].default_role;
  signal->weak = weak;
  signal->value = g_strdup (value);

  if (role != NULL)
    {
      if (g_str_equal (role, "install"))
        signal->role = AVS_RULE_ROLE_INSTALL;
      else if (g_str_equal (role, "leftover"))
        signal->role = AVS_RULE_ROLE_LEFTOVER;
      else
        {
          fail (error, jpath, _("“role” must be “install” or “leftover”."));
          goto out_fail;
        }
    }

  if (!get_sources (self, object, jpath, TRUE, &signal->sources, error))
    goto out_fail;

  switch (signal->kind)
    {
    case AVS_RULE_PACKAGE:
    case AVS_RULE_UNIT:
    case AVS_RULE_GROUP:
    case AVS_RULE_PROCESS:
    case AVS_RULE_KERNEL_MODULE:
    case AVS_RULE_NATIVE_MESSAGING_HOST:
      if (!valid_name (value))
        {
          fail (error, jpath, _("the name is empty, too long, or holds spaces or slashes."));
          goto out_fail;
        }
      if (signal->kind == AVS_RULE_PACKAGE)
        g_hash_table_add (self->candidates, g_strdup (value));
      break;

    case AVS_RULE_PATH:
    case AVS_RULE_INIT_SCRIPT:
      if (!parse_path (value, FALSE, jpath, &signal->path_parts, &signal->has_glob, error))
        goto out_fail;
      if (signal->kind == AVS_RULE_INIT_SCRIPT && !g_str_has_prefix (value, "/etc/init.d/"))
        {
          fail (error, jpath, _("an init script lives in /etc/init.d/."));
          goto out_fail;
        }
      break;

    case AVS_RULE_WINDOWS_PATH:
    case AVS_RULE_HOME_PATH:
      if (!parse_path (value, TRUE, jpath, &signal->path_parts, &signal->has_glob, error))
        goto out_fail;
      break;

    case AVS_RULE_CERTIFICATE:
      signal->regex = compile_regex (value, jpath, 0, error);
      if (signal->regex == NULL)
        goto out_fail;
      break;

    case AVS_RULE_BROWSER_EXTENSION:
      if (!avs_json_get_string (object, jpath, "browser", TRUE, &browser, error))
        goto out_fail;
      if (!g_str_equal (browser, "chromium") && !g_str_equal (browser, "firefox"))
        {
          fail (error, jpath, _("“browser” must be “chromium” or “firefox”."));
          goto out_fail;
        }
      if (!valid_name (value))
        {
          fail (error, jpath, _("the extension id is empty, too long, or holds spaces or slashes."));
          goto out_fail;
        }
      if (g_str_equal (browser, "chromium"))
        {
          /* Chromium ids are 32 letters a–p. */
          gboolean ok = strlen (value) == 32;
          for (const char *p = value; ok && *p != '\0'; p++)
            ok = *p >= 'a' && *p <= 'p';
          if (!ok)
            {
              fail (error, jpath, _("a Chromium extension id is 32 letters from a to p."));
              goto out_fail;
            }
        }
      signal->browser = g_strdup (browser);
      break;

    default:
      g_assert_not_reached ();
    }

  return signal;

out_fail:
  signal_free (signal);
  return NULL;
}

static AvsRuleVersion *
parse_version (JsonObject  *object,
               const char  *jpath,
               GError     **error)
{
  static const char * const members[] = { "from", "path", "pattern", "section", "key", NULL };
  const char *from = NULL, *path = NULL, *pattern = NULL, *section = NULL, *key = NULL;
  AvsRuleVersion *version;

  if (!avs_json_check_members (object, jpath, members, error) ||
      !avs_json_get_string (object, jpath, "from", TRUE, &from, error) ||
      !avs_json_get_string (object, jpath, "path", FALSE, &path, error) ||
      !avs_json_get_string (object, jpath, "pattern", FALSE, &pattern, error) ||
      !avs_json_get_string (object, jpath, "section", FALSE, &section, error) ||
      !avs_json_get_string (object, jpath, "key", FALSE, &key, error))
    return NULL;

  version = g_new0 (AvsRuleVersion, 1);
  if (g_str_equal (from, "package"))
    {
      version->from = AVS_RULE_VERSION_PACKAGE;
      if (path != NULL || pattern != NULL || section != NULL || key != NULL)
        {
          fail (error, jpath, _("a version “from”: “package” takes no other keys."));
          goto out_fail;
        }
      return version;
    }

  if (path == NULL)
    {
      fail (error, jpath, _("the required key “path” is missing."));
      goto out_fail;
    }
  {
    g_auto(GStrv) parts = NULL;
    gboolean glob = FALSE;
    if (!parse_path (path, FALSE, jpath, &parts, &glob, error))
      goto out_fail;
    if (glob)
      {
        fail (error, jpath, _("this path may not hold a pattern."));
        goto out_fail;
      }
  }
  version->path = g_strdup (path);

  if (g_str_equal (from, "link"))
    {
      version->from = AVS_RULE_VERSION_LINK;
      if (pattern == NULL)
        {
          fail (error, jpath, _("the required key “pattern” is missing."));
          goto out_fail;
        }
      version->pattern = compile_regex (pattern, jpath, 1, error);
      if (version->pattern == NULL)
        goto out_fail;
    }
  else if (g_str_equal (from, "ini"))
    {
      version->from = AVS_RULE_VERSION_INI;
      if (section == NULL || key == NULL || *key == '\0')
        {
          fail (error, jpath, _("a version “from”: “ini” needs “section” and “key”."));
          goto out_fail;
        }
      version->section = g_strdup (section);
      version->key = g_strdup (key);
    }
  else
    {
      fail (error, jpath, _("“from” must be “package”, “link” or “ini”."));
      goto out_fail;
    }
  return version;

out_fail:
  version_free (version);
  return NULL;
}

static AvsRuleProduct *
parse_product (AvsRules    *self,
               JsonObject  *object,
               const char  *jpath,
               GError     **error)
{
  static const char * const members[] = {
    "id", "name", "sources", "signals", "version", "signatures", "management", "note", NULL
  };
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) signal_free);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) version_free);
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) signature_paths = NULL;
  g_auto(GStrv) commands = NULL;
  const char *id = NULL, *name = NULL, *note = NULL, *label = NULL;
  JsonArray *signal_array = NULL, *version_array = NULL;
  JsonObject *signatures = NULL, *management = NULL;
  AvsRuleProduct *product;

  if (!avs_json_check_members (object, jpath, members, error) ||
      !avs_json_get_string (object, jpath, "id", TRUE, &id, error) ||
      !avs_json_get_string (object, jpath, "name", TRUE, &name, error) ||
      !avs_json_get_string (object, jpath, "note", FALSE, &note, error) ||
      !get_sources (self, object, jpath, TRUE, &sources, error) ||
      !avs_json_get_array (object, jpath, "signals", TRUE, &signal_array, error) ||
      !avs_json_get_array (object, jpath, "version", FALSE, &version_array, error) ||
      !avs_json_get_object (object, jpath, "signatures", FALSE, &signatures, error) ||
      !avs_json_get_object (object, jpath, "management", FALSE, &management, error))
    return NULL;

  if (!valid_id (id))
    {
      fail (error, jpath, _("“id” must be made of lower-case letters, digits and dashes."));
      return NULL;
    }
  if (*name == '\0')
    {
      fail (error, jpath, _("“name” is empty."));
      return NULL;
    }
  if (json_array_get_length (signal_array) == 0)
    {
      fail (error, jpath, _("“signals” is empty: a product needs at least one signal."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (signal_array); i++)
    {
      g_autofree char *spath = g_strdup_printf ("%s.signals[%u]", jpath, i);
      JsonNode *node = json_array_get_element (signal_array, i);
      AvsRuleSignal *signal;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, spath, _("a signal must be an object."));
          return NULL;
        }
      signal = parse_signal (self, json_node_get_object (node), spath, error);
      if (signal == NULL)
        return NULL;
      g_ptr_array_add (signals, signal);
    }

  for (guint i = 0; version_array != NULL && i < json_array_get_length (version_array); i++)
    {
      g_autofree char *vpath = g_strdup_printf ("%s.version[%u]", jpath, i);
      JsonNode *node = json_array_get_element (version_array, i);
      AvsRuleVersion *version;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, vpath, _("a version source must be an object."));
          return NULL;
        }
      version = parse_version (json_node_get_object (node), vpath, error);
      if (version == NULL)
        return NULL;
      g_ptr_array_add (versions, version);
    }

  if (signatures != NULL)
    {
      static const char * const sig_members[] = { "paths", "sources", NULL };
      g_autofree char *sig_path = g_strdup_printf ("%s.signatures", jpath);
      g_auto(GStrv) sig_sources = NULL;

      if (!avs_json_check_members (signatures, sig_path, sig_members, error) ||
          !get_path_list (signatures, sig_path, "paths", &signature_paths, error) ||
          !get_sources (self, signatures, sig_path, TRUE, &sig_sources, error))
        return NULL;
    }

  if (management != NULL)
    {
      static const char * const man_members[] = { "commands", "server_label", "sources", NULL };
      g_autofree char *man_path = g_strdup_printf ("%s.management", jpath);
      g_auto(GStrv) man_sources = NULL;

      if (!avs_json_check_members (management, man_path, man_members, error) ||
          !get_path_list (management, man_path, "commands", &commands, error) ||
          !avs_json_get_string (management, man_path, "server_label", TRUE, &label, error) ||
          !get_sources (self, management, man_path, TRUE, &man_sources, error))
        return NULL;
      if (*label == '\0')
        {
          fail (error, man_path, _("“server_label” is empty."));
          return NULL;
        }
      for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
        {
          if (!g_strv_contains (management_programs, commands[i]))
            {
              g_autofree char *cmd_path = g_strdup_printf ("%s.commands[%u]", man_path, i);
              g_autofree char *shown = g_strescape (commands[i], NULL);
              g_autofree char *known = g_strjoinv (", ", (char **) management_programs);
              g_autofree char *message =
                /* Translators: the first %s is a program path from the rules file, the second
                 * the list of programs allowed */
                g_strdup_printf (_("“%s” is not a management program AV Switch may run: an "
                                   "administrator's scan runs these commands, so only %s are "
                                   "allowed."), shown, known);
              fail (error, cmd_path, message);
              return NULL;
            }
        }
    }

  product = g_new0 (AvsRuleProduct, 1);
  product->id = g_strdup (id);
  product->name = g_strdup (name);
  product->sources = g_steal_pointer (&sources);
  product->signals = g_steal_pointer (&signals);
  product->versions = g_steal_pointer (&versions);
  product->signature_paths = signature_paths != NULL ? g_steal_pointer (&signature_paths) : g_new0 (char *, 1);
  product->manages = management != NULL;
  product->management_commands = commands != NULL ? g_steal_pointer (&commands) : g_new0 (char *, 1);
  product->server_label = g_strdup (label);
  return product;
}

static gboolean
parse_rules (AvsRules    *self,
             JsonObject  *object,
             GError     **error)
{
  static const char * const members[] = {
    "schema", "version", "comment", "sources", "vendor", "shared_paths", "products", NULL
  };
  static const char * const vendor_members[] = { "maintainer_pattern", "paths", "sources", NULL };
  const char *schema = NULL, *comment = NULL, *vendor_pattern = NULL;
  JsonObject *sources = NULL, *vendor = NULL;
  JsonArray *products = NULL;
  g_auto(GStrv) vendor_sources = NULL;
  gint64 version = 0;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!avs_json_get_string (object, "$", "schema", TRUE, &schema, error))
    return FALSE;
  if (!g_str_equal (schema, AVS_RULES_SCHEMA))
    {
      g_autofree char *message = g_strdup_printf (_("this is a “%s” document; this version of AV Switch reads “%s”."),
                                                  schema, AVS_RULES_SCHEMA);
      return fail (error, "$.schema", message);
    }

  if (!avs_json_check_members (object, "$", members, error) ||
      !avs_json_get_int (object, "$", "version", TRUE, &version, error) ||
      !avs_json_get_string (object, "$", "comment", FALSE, &comment, error) ||
      !avs_json_get_object (object, "$", "sources", TRUE, &sources, error) ||
      !avs_json_get_object (object, "$", "vendor", TRUE, &vendor, error) ||
      !get_path_list (object, "$", "shared_paths", &self->shared_paths, error) ||
      !avs_json_get_array (object, "$", "products", TRUE, &products, error))
    return FALSE;

  if (version < 1 || version > G_MAXINT)
    return fail (error, "$.version", _("must be a positive whole number."));
  self->version = (guint) version;

  json_object_iter_init (&iter, sources);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *spath = g_strdup_printf ("$.sources.%s", key);

      if (!valid_name (key) || strlen (key) > 32)
        return fail (error, spath, _("a source key is a short name without spaces."));
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        return fail (error, spath, _("a source must be a non-empty string (an address or a description)."));
      g_hash_table_insert (self->sources, g_strdup (key), g_strdup (json_node_get_string (node)));
    }

  if (!avs_json_check_members (vendor, "$.vendor", vendor_members, error) ||
      !avs_json_get_string (vendor, "$.vendor", "maintainer_pattern", TRUE, &vendor_pattern, error) ||
      !get_path_list (vendor, "$.vendor", "paths", &self->vendor_paths, error) ||
      !get_sources (self, vendor, "$.vendor", TRUE, &vendor_sources, error))
    return FALSE;
  self->vendor_regex = compile_regex (vendor_pattern, "$.vendor.maintainer_pattern", 0, error);
  if (self->vendor_regex == NULL)
    return FALSE;
  if (self->vendor_paths[0] == NULL)
    return fail (error, "$.vendor.paths", _("at least one Kaspersky folder is needed to confirm packages."));

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      g_autofree char *ppath = g_strdup_printf ("$.products[%u]", i);
      JsonNode *pnode = json_array_get_element (products, i);
      AvsRuleProduct *product;

      if (!JSON_NODE_HOLDS_OBJECT (pnode))
        return fail (error, ppath, _("a product must be an object."));
      product = parse_product (self, json_node_get_object (pnode), ppath, error);
      if (product == NULL)
        return FALSE;
      if (avs_rules_find_product (self, product->id) != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("the product id “%s” is used twice."), product->id);
          product_free (product);
          return fail (error, ppath, message);
        }
      g_ptr_array_add (self->products, product);
    }
  if (self->products->len == 0)
    return fail (error, "$.products", _("there are no products."));

  return TRUE;
}

AvsRules *
avs_rules_load_bytes (GBytes      *bytes,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(AvsRules) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  root = avs_json_parse_bytes (bytes, source, AVS_JSON_DEFAULT_MAX_SIZE, AVS_JSON_DEFAULT_MAX_DEPTH,
                               error);
  if (root == NULL)
    return NULL;

  self = g_object_new (AVS_TYPE_RULES, NULL);
  if (!parse_rules (self, json_node_get_object (root), &local_error))
    {
      g_set_error (error, AVS_RULES_ERROR, 0,
                   /* Translators: %s is a file name, then "$.json.path: what is wrong" */
                   _("The detection rules in %s are not valid: %s"), source, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

AvsRules *
avs_rules_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, AVS_RULES_ERROR, 0,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read the detection rules %s: %s"), display, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  return avs_rules_load_bytes (bytes, display, error);
}

AvsRules *
avs_rules_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (AVS_RULES_RESOURCE, 0, error);

  if (bytes == NULL)
    return NULL;
  return avs_rules_load_bytes (bytes, "kaspersky.json", error);
}

guint
avs_rules_get_version (AvsRules *self)
{
  g_return_val_if_fail (AVS_IS_RULES (self), 0);
  return self->version;
}

GPtrArray *
avs_rules_get_products (AvsRules *self)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);
  return self->products;
}

AvsRuleProduct *
avs_rules_find_product (AvsRules   *self,
                        const char *id)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);

  for (guint i = 0; i < self->products->len; i++)
    {
      AvsRuleProduct *product = g_ptr_array_index (self->products, i);
      if (g_strcmp0 (product->id, id) == 0)
        return product;
    }
  return NULL;
}

GRegex *
avs_rules_get_vendor_regex (AvsRules *self)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);
  return self->vendor_regex;
}

const char * const *
avs_rules_get_vendor_paths (AvsRules *self)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);
  return (const char * const *) self->vendor_paths;
}

const char * const *
avs_rules_get_shared_paths (AvsRules *self)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);
  return (const char * const *) self->shared_paths;
}

const char *
avs_rules_get_source_url (AvsRules   *self,
                          const char *key)
{
  g_return_val_if_fail (AVS_IS_RULES (self), NULL);
  return g_hash_table_lookup (self->sources, key);
}

gboolean
avs_rules_is_candidate_package (AvsRules   *self,
                                const char *name)
{
  g_return_val_if_fail (AVS_IS_RULES (self), FALSE);
  return g_hash_table_contains (self->candidates, name);
}
