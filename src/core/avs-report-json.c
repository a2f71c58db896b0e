/* avs-report-json.c — the "avswitch-report/1" document: writing it (redacted), loading it strictly
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A saved report is a file anyone could have edited: it goes through the strict reader with
 * the report's own caps, then a schema check of every member, and only a report that passed
 * every check is returned. The scans inside are "avswitch-scan/1" documents and are loaded by
 * the scan's own strict loader.
 *
 * A report is the program's own file (or one the user hands it), not part of the scanned
 * machine, so it is read with GLib's file calls, not through AvsHost.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-fileutil.h"
#include "avs-host.h"
#include "avs-json.h"
#include "avs-report-private.h"
#include "avs-text.h"

/* ---------------------------------------------------------------------------------------------
 * Redaction
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *hosts;        /* host names, longest first */
  GPtrArray *users;        /* user names, in placeholder order */
  GPtrArray *homes;        /* "/home/alice" (no trailing slash) */
  GPtrArray *home_users;   /* the index into users of each home, as GUINT_TO_POINTER */
} Redactor;

static void
redactor_clear (Redactor *redactor)
{
  g_clear_pointer (&redactor->hosts, g_ptr_array_unref);
  g_clear_pointer (&redactor->users, g_ptr_array_unref);
  g_clear_pointer (&redactor->homes, g_ptr_array_unref);
  g_clear_pointer (&redactor->home_users, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Redactor, redactor_clear)

static gboolean
plausible_name (const char *name)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0 || length > 64 || g_str_equal (name, "root") || g_str_equal (name, "localhost"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-@$", *p) == NULL)
      return FALSE;
  return TRUE;
}

static guint
add_user (Redactor   *redactor,
          const char *name)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (redactor->users, name, g_str_equal, &index))
    return index;
  g_ptr_array_add (redactor->users, g_strdup (name));
  return redactor->users->len - 1;
}

static void
add_home (Redactor   *redactor,
          const char *home,
          guint       user)
{
  g_autofree char *clean = NULL;

  if (home == NULL || !g_path_is_absolute (home))
    return;
  clean = g_canonicalize_filename (home, "/");
  /* Homes that are not personal ("/", "/root", "/nonexistent", system folders). */
  if (g_str_equal (clean, "/") || g_str_equal (clean, "/root") ||
      g_str_has_prefix (clean, "/nonexist") || g_str_has_prefix (clean, "/var/") ||
      g_str_has_prefix (clean, "/usr/") || g_str_has_prefix (clean, "/opt/") ||
      g_str_has_prefix (clean, "/bin") || g_str_has_prefix (clean, "/sbin") ||
      g_str_has_prefix (clean, "/run/") || g_str_has_prefix (clean, "/dev") ||
      g_str_has_prefix (clean, "/proc") || g_str_has_prefix (clean, "/etc"))
    return;
  if (g_ptr_array_find_with_equal_func (redactor->homes, clean, g_str_equal, NULL))
    return;
  g_ptr_array_add (redactor->homes, g_steal_pointer (&clean));
  g_ptr_array_add (redactor->home_users, GUINT_TO_POINTER (user));
}

/* Names that paths show: "/home/NAME/…", "/media/NAME/…", "/run/media/NAME/…",
 * "…/Users/NAME/…" (Windows volumes). */
static void
add_users_from_text (Redactor   *redactor,
                     const char *text)
{
  static const char * const prefixes[] = { "/home/", "/media/", "/run/media/", "/Users/", NULL };

  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      const char *p = text;

      while ((p = strstr (p, prefixes[i])) != NULL)
        {
          const char *start = p + strlen (prefixes[i]);
          const char *end = start;
          g_autofree char *name = NULL;

          while (*end != '\0' && *end != '/' && *end != '"' && !g_ascii_isspace (*end) &&
                 *end != ')' && *end != ':' && *end != '\'')
            end++;
          name = g_strndup (start, end - start);
          p = end;
          /* Already a placeholder, or not a name. */
          if (*name == '<' || !plausible_name (name) || g_str_equal (name, "lost+found"))
            continue;
          if (g_str_equal (prefixes[i], "/home/"))
            {
              g_autofree char *home = g_strconcat ("/home/", name, NULL);
              add_home (redactor, home, add_user (redactor, name));
            }
          else
            add_user (redactor, name);
        }
    }
}

/* Members that are never personal and that the loader checks as identifiers, dates or
 * addresses: redaction leaves them alone (a user named "kesl" must not turn the step id
 * "remove-kesl" into "remove-<user>", nor "/media/" in a source's address into a name), and
 * they are not searched for names. */
static gboolean
is_structural_member (const char *member)
{
  static const char * const members[] = {
    "schema", "id", "id_like", "version_id", "type", "status", "section", "region", "kind",
    "state", "outcome", "product", "source", "method", "package_manager", "url", "created_at",
    "updated_at", "started_at", "finished_at", "scanned_at", "generated", "signatures_updated",
    NULL
  };

  return member != NULL && g_strv_contains (members, member);
}

static void
collect_strings (JsonNode  *node,
                 GString   *all)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!is_structural_member (name))
            collect_strings (member, all);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          collect_strings (json_array_get_element (array, i), all);
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_string_append (all, json_node_get_string (node));
          g_string_append_c (all, '\n');
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gint
longer_first (gconstpointer a,
              gconstpointer b)
{
  gsize la = strlen (*(const char * const *) a), lb = strlen (*(const char * const *) b);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Longest home first, keeping each home's user beside it. */
static void
sort_homes (Redactor *redactor)
{
  for (guint i = 1; i < redactor->homes->len; i++)
    for (guint j = i; j > 0; j--)
      {
        gpointer *h = redactor->homes->pdata, *u = redactor->home_users->pdata;
        gpointer t;

        if (strlen (h[j - 1]) >= strlen (h[j]))
          break;
        t = h[j - 1]; h[j - 1] = h[j]; h[j] = t;
        t = u[j - 1]; u[j - 1] = u[j]; u[j] = t;
      }
}

static void
redactor_init (Redactor  *redactor,
               AvsReport *self,
               JsonNode  *document)
{
  const char *sudo_user = g_getenv ("SUDO_USER");
  g_autoptr(GString) all = g_string_new (NULL);
  /* This computer's name, the one recorded, and the scanned root's (a later scan may name it
   * when the recorded one is already "<host>"). */
  const char *host_names[] = { g_get_host_name (), self->host.name, NULL };

  redactor->hosts = g_ptr_array_new_with_free_func (g_free);
  redactor->users = g_ptr_array_new_with_free_func (g_free);
  redactor->homes = g_ptr_array_new_with_free_func (g_free);
  redactor->home_users = g_ptr_array_new ();

  g_autofree char *root_name = self->root_scanned_here ? _avs_report_read_host_name (self->host.root) : NULL;

  host_names[G_N_ELEMENTS (host_names) - 1] = root_name;
  for (guint i = 0; i < G_N_ELEMENTS (host_names); i++)
    {
      const char *name = host_names[i];
      const char *dot;

      if (!plausible_name (name) || *name == '<')
        continue;
      g_ptr_array_add (redactor->hosts, g_strdup (name));
      dot = strchr (name, '.');
      if (dot != NULL && dot > name)
        g_ptr_array_add (redactor->hosts, g_strndup (name, dot - name));
    }
  g_ptr_array_sort (redactor->hosts, longer_first);

  /* The person the session was for comes first: they become "<user>" and their home "~". */
  if (plausible_name (sudo_user))
    add_user (redactor, sudo_user);
  if (plausible_name (g_get_user_name ()))
    add_home (redactor, g_get_home_dir (), add_user (redactor, g_get_user_name ()));
  for (guint i = 0; self->people[i] != NULL; i++)
    if (plausible_name (self->people[i]))
      add_home (redactor, self->homes[i], add_user (redactor, self->people[i]));
  collect_strings (document, all);
  add_users_from_text (redactor, all->str);
  sort_homes (redactor);
}

/* A name is replaced wherever letters and digits do not go on around it: "install_alice" and
 * "alice.example" lose "alice" too (privacy first; a name that is also a word costs text). */
static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

/* A home folder ends where a path component ends. */
static gboolean
is_path_char (char c)
{
  return is_name_char (c) || c == '_' || c == '-' || c == '.' || c == '$';
}

/* Whether the three bytes at @pos of @text are a directional isolate (U+2066–U+2069): a
 * sentence isolates the values it holds (avs_text_isolate), so one ends a name as a space does. */
static gboolean
is_isolate_at (const GString *text,
               gsize          pos)
{
  return pos + 3 <= text->len && (guchar) text->str[pos] == 0xe2 &&
         (guchar) text->str[pos + 1] == 0x81 && (guchar) text->str[pos + 2] >= 0xa6 &&
         (guchar) text->str[pos + 2] <= 0xa9;
}

/* Whether a name (@path: a home folder) can start at @start and end before @end of @text. */
static gboolean
is_word_at (const GString *text,
            gsize          start,
            gsize          end,
            gboolean       path)
{
  gboolean (*inside) (char) = path ? is_path_char : is_name_char;
  gboolean before_ok = start == 0 || !inside (text->str[start - 1]) ||
                       (start >= 3 && is_isolate_at (text, start - 3));
  gboolean after_ok = end == text->len || !inside (text->str[end]) || is_isolate_at (text, end);

  return before_ok && after_ok;
}

/* Replaces every whole-word @needle in @text with @replacement (case-blind for host names). A
 * name of one or two characters is replaced only right after a "/" (a path): as a word it
 * would swallow ordinary text. */
static void
replace_words (GString    *text,
               const char *needle,
               const char *replacement,
               gboolean    host)
{
  gsize length = strlen (needle);
  gsize i = 0;

  while (i + length <= text->len)
    {
      gboolean match = host ? g_ascii_strncasecmp (text->str + i, needle, length) == 0
                            : strncmp (text->str + i, needle, length) == 0;
      gboolean placeholder = i > 0 && text->str[i - 1] == '<' && text->str[i + length] == '>';

      if (match && length < 3 && !(i > 0 && text->str[i - 1] == '/'))
        match = FALSE;
      if (match && is_word_at (text, i, i + length, FALSE) && !placeholder)
        {
          g_string_erase (text, (gssize) i, (gssize) length);
          g_string_insert (text, (gssize) i, replacement);
          i += strlen (replacement);
        }
      else
        i++;
    }
}

static char *
user_placeholder (guint index)
{
  return index == 0 ? g_strdup ("<user>") : g_strdup_printf ("<user%u>", index + 1);
}

/* @in with every host name, user name and home folder replaced. In a "root" member the home
 * folder stays a path (only the name goes), so the scan's root is still absolute. */
static char *
redact_string (Redactor   *redactor,
               const char *in,
               gboolean    keep_absolute)
{
  GString *text = g_string_new (in);

  /* Homes are sorted longest first (redactor_init), so "/home/al" does not eat "/home/alice". */
  for (guint h = 0; !keep_absolute && h < redactor->homes->len; h++)
    {
      const char *home = g_ptr_array_index (redactor->homes, h);
      guint user = GPOINTER_TO_UINT (g_ptr_array_index (redactor->home_users, h));
      g_autofree char *name = user_placeholder (user);
      g_autofree char *tilde = user == 0 ? g_strdup ("~") : g_strconcat ("~", name, NULL);
      gsize hl = strlen (home);
      gsize i = 0;

      while (i + hl <= text->len)
        {
          if (strncmp (text->str + i, home, hl) == 0 && is_word_at (text, i, i + hl, TRUE))
            {
              g_string_erase (text, (gssize) i, (gssize) hl);
              g_string_insert (text, (gssize) i, tilde);
              i += strlen (tilde);
            }
          else
            i++;
        }
    }

  for (guint i = 0; i < redactor->users->len; i++)
    {
      g_autofree char *name = user_placeholder (i);
      replace_words (text, g_ptr_array_index (redactor->users, i), name, FALSE);
    }
  for (guint i = 0; i < redactor->hosts->len; i++)
    replace_words (text, g_ptr_array_index (redactor->hosts, i), "<host>", TRUE);
  return g_string_free (text, FALSE);
}

static JsonNode *
redact_node (Redactor   *redactor,
             JsonNode   *node,
             const char *member_name)
{
  if (is_structural_member (member_name))
    return json_node_copy (node);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (copy, name, redact_node (redactor, member, name));
        json_node_take_object (result, copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, redact_node (redactor, json_array_get_element (array, i),
                                                     member_name));
        json_node_take_array (result, copy);
        return result;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = redact_string (redactor, json_node_get_string (node),
                                                 g_strcmp0 (member_name, "root") == 0);
          JsonNode *result = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (result, text);
          return result;
        }
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------------------------- */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *when)
{
  g_autofree char *text = _avs_report_format_time (when);

  avs_json_builder_add_string_member (builder, member, text);
}

static void
add_scan (JsonBuilder   *builder,
          const char    *member,
          AvsScanResult *scan)
{
  json_builder_set_member_name (builder, member);
  if (scan != NULL)
    json_builder_add_value (builder, avs_scan_result_to_json (scan));
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_explanation (JsonBuilder *builder,
                 AvsReport   *self)
{
  json_builder_set_member_name (builder, "explanation");
  json_builder_begin_object (builder);
  avs_json_builder_add_string_member (builder, "region", self->region);
  json_builder_set_member_name (builder, "statements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->statements->len; i++)
    {
      AvsReportStatement *statement = g_ptr_array_index (self->statements, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "section");
      json_builder_add_string_value (builder, statement->section);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, statement->text);
      json_builder_set_member_name (builder, "refs");
      json_builder_begin_array (builder);
      for (guint j = 0; j < statement->n_refs; j++)
        json_builder_add_int_value (builder, statement->refs[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sources->len; i++)
    {
      AvsReportSource *source = g_ptr_array_index (self->sources, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, source->title);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, source->url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_step (JsonBuilder   *builder,
          AvsReportStep *step)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, step->id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, step->type);
  add_bool (builder, "manual", step->manual);
  add_bool (builder, "blocking", step->blocking);
  avs_json_builder_add_string_member (builder, "title", step->title);
  avs_json_builder_add_string_member (builder, "explanation", step->explanation);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, avs_step_status_to_string (step->status));
  avs_json_builder_add_string_member (builder, "message", step->message);
  add_time (builder, "started_at", step->started_at);
  add_time (builder, "finished_at", step->finished_at);
  json_builder_set_member_name (builder, "commands");
  json_builder_begin_array (builder);
  for (guint i = 0; i < step->commands->len; i++)
    {
      AvsReportCommand *command = g_ptr_array_index (step->commands, i);

      json_builder_begin_object (builder);
      add_strv (builder, "argv", (const char * const *) command->argv);
      add_bool (builder, "needs_admin", command->needs_admin);
      add_bool (builder, "ran", command->ran);
      add_bool (builder, "dry_run", command->dry_run);
      json_builder_set_member_name (builder, "exit_status");
      if (command->ran)
        json_builder_add_int_value (builder, command->exit_status);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "duration_ms");
      if (command->ran)
        json_builder_add_int_value (builder, command->duration_ms);
      else
        json_builder_add_null_value (builder);
      avs_json_builder_add_string_member (builder, "output", command->output);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_strv (builder, "log", (const char * const *) step->log);
  json_builder_end_object (builder);
}

static JsonNode *
build_document (AvsReport *self,
                gboolean   redacted)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_REPORT_SCHEMA);
  json_builder_set_member_name (builder, "tool");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "AV Switch");
  avs_json_builder_add_string_member (builder, "version", self->tool_version);
  json_builder_end_object (builder);
  add_time (builder, "created_at", self->created_at);
  add_time (builder, "updated_at", self->updated_at);
  add_bool (builder, "redacted", redacted);

  json_builder_set_member_name (builder, "host");
  json_builder_begin_object (builder);
  avs_json_builder_add_string_member (builder, "name", self->host.name);
  avs_json_builder_add_string_member (builder, "distribution", self->host.distribution);
  avs_json_builder_add_string_member (builder, "kernel", self->host.kernel);
  avs_json_builder_add_string_member (builder, "desktop", self->host.desktop);
  avs_json_builder_add_string_member (builder, "root", self->host.root);
  json_builder_end_object (builder);

  add_scan (builder, "first_scan", self->first_scan);
  add_scan (builder, "last_scan", self->last_scan);
  add_scan (builder, "verification", self->verification);
  add_explanation (builder, self);

  json_builder_set_member_name (builder, "catalog");
  if (self->catalog != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "serial");
      json_builder_add_int_value (builder, self->catalog->serial);
      avs_json_builder_add_string_member (builder, "source", self->catalog->source);
      avs_json_builder_add_string_member (builder, "url", self->catalog->url);
      add_time (builder, "generated", self->catalog->generated);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "replacement");
  json_builder_begin_object (builder);
  avs_json_builder_add_string_member (builder, "id", self->replacement_id);
  avs_json_builder_add_string_member (builder, "name", self->replacement_name);
  avs_json_builder_add_string_member (builder, "method", self->replacement_method);
  add_bool (builder, "it_installs", self->it_installs);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    add_step (builder, g_ptr_array_index (self->steps, i));
  json_builder_end_array (builder);
  add_strv (builder, "log", (const char * const *) self->log);
  add_bool (builder, "managed_continued", self->managed_continued);
  /* Who redaction replaces: only in a report that keeps the names. */
  json_builder_set_member_name (builder, "personal");
  if (!redacted)
    {
      json_builder_begin_object (builder);
      add_strv (builder, "people", (const char * const *) self->people);
      add_strv (builder, "homes", (const char * const *) self->homes);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
avs_report_to_json (AvsReport      *self,
                    AvsReportFlags  flags)
{
  /* Once redacted, always redacted: the names are gone from the report. */
  gboolean redact = !(flags & AVS_REPORT_KEEP_PERSONAL) || self->redacted;
  g_autoptr(JsonNode) document = NULL;
  g_auto(Redactor) redactor = { 0 };

  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);

  document = build_document (self, redact);
  if (!redact)
    return g_steal_pointer (&document);
  redactor_init (&redactor, self, document);
  return redact_node (&redactor, document, NULL);
}

char *
avs_report_to_data (AvsReport      *self,
                    AvsReportFlags  flags,
                    gsize          *length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);

  root = avs_report_to_json (self, flags);
  data = avs_json_node_to_data (root, TRUE, &len);
  text = g_strconcat (data, "\n", NULL);
  if (length != NULL)
    *length = len + 1;
  return text;
}

gboolean
avs_report_save (AvsReport       *self,
                 const char      *path,
                 AvsReportFlags   flags,
                 GError         **error)
{
  return avs_report_write_file (self, path, AVS_REPORT_FORMAT_JSON, flags, NULL, error);
}

/* ---------------------------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------------------------- */

static gboolean
schema_error (GError     **error,
              const char  *path,
              const char  *message)
{
  g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
               /* Translators: "$.steps[2].status: what is wrong" */
               _("%s: %s"), path, message);
  return FALSE;
}

static gboolean
get_scan (JsonObject     *object,
          const char     *member,
          AvsScanResult **out_scan,
          GError        **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GError) local_error = NULL;

  *out_scan = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *out_scan = avs_scan_result_new_from_json (node, &local_error);
  if (*out_scan == NULL)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: "$.first_scan: what is wrong with the scan in it" */
                   _("$.%s: %s"), member, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_nullable (JsonObject  *object,
              const char  *path,
              const char  *member,
              char       **out_value,
              GError     **error)
{
  const char *value = NULL;

  if (!avs_json_get_nullable_string (object, path, member, &value, error))
    return FALSE;
  *out_value = g_strdup (value);
  return TRUE;
}

static gboolean
status_from_string (const char    *text,
                    AvsStepStatus *out_status)
{
  for (int s = AVS_STEP_STATUS_PENDING; s <= AVS_STEP_STATUS_SKIPPED; s++)
    if (g_strcmp0 (text, avs_step_status_to_string ((AvsStepStatus) s)) == 0)
      {
        *out_status = (AvsStepStatus) s;
        return TRUE;
      }
  return FALSE;
}

static JsonObject *
element_object (JsonArray   *array,
                guint        index,
                const char  *where,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, where, _("must be an object."));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
load_command (JsonObject        *object,
              const char        *where,
              AvsReportCommand  *command,
              GError           **error)
{
  static const char * const members[] = {
    "argv", "needs_admin", "ran", "dry_run", "exit_status", "duration_ms", "output", NULL
  };
  JsonNode *exit_node, *duration_node;
  gint64 value = 0;

  if (!avs_json_check_members (object, where, members, error) ||
      !avs_json_get_strv (object, where, "argv", TRUE, &command->argv, error) ||
      !avs_json_get_bool (object, where, "needs_admin", TRUE, &command->needs_admin, error) ||
      !avs_json_get_bool (object, where, "ran", TRUE, &command->ran, error) ||
      !avs_json_get_bool (object, where, "dry_run", FALSE, &command->dry_run, error) ||
      !get_nullable (object, where, "output", &command->output, error))
    return FALSE;
  if (command->argv[0] == NULL)
    return schema_error (error, where, _("a command needs at least a program."));
  exit_node = json_object_get_member (object, "exit_status");
  duration_node = json_object_get_member (object, "duration_ms");
  if (exit_node != NULL && !JSON_NODE_HOLDS_NULL (exit_node))
    {
      if (!avs_json_get_int (object, where, "exit_status", TRUE, &value, error))
        return FALSE;
      if (value < 0 || value > 255)
        return schema_error (error, where, _("an exit status is a number from 0 to 255."));
      command->exit_status = (int) value;
    }
  if (duration_node != NULL && !JSON_NODE_HOLDS_NULL (duration_node))
    {
      if (!avs_json_get_int (object, where, "duration_ms", TRUE, &value, error))
        return FALSE;
      if (value < 0)
        return schema_error (error, where, _("a duration cannot be negative."));
      command->duration_ms = value;
    }
  return TRUE;
}

static gboolean
valid_step_id (const char *id)
{
  if (*id == '\0' || strlen (id) > 128)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.", *p) == NULL)
      return FALSE;
  return TRUE;
}

static AvsReportStep *
load_step (JsonObject  *object,
           const char  *where,
           GError     **error)
{
  static const char * const members[] = {
    "id", "type", "manual", "blocking", "title", "explanation", "status", "message",
    "started_at", "finished_at", "commands", "log", NULL
  };
  AvsReportStep *step = _avs_report_step_new ();
  const char *id = NULL, *type = NULL, *status = NULL;
  JsonArray *commands = NULL;
  AvsStepType step_type;

  g_strfreev (step->log);
  step->log = NULL;
  if (!avs_json_check_members (object, where, members, error) ||
      !avs_json_get_string (object, where, "id", TRUE, &id, error) ||
      !avs_json_get_string (object, where, "type", TRUE, &type, error) ||
      !avs_json_get_bool (object, where, "manual", TRUE, &step->manual, error) ||
      !avs_json_get_bool (object, where, "blocking", TRUE, &step->blocking, error) ||
      !get_nullable (object, where, "title", &step->title, error) ||
      !get_nullable (object, where, "explanation", &step->explanation, error) ||
      !avs_json_get_string (object, where, "status", TRUE, &status, error) ||
      !get_nullable (object, where, "message", &step->message, error) ||
      !avs_json_get_nullable_time (object, where, "started_at", &step->started_at, error) ||
      !avs_json_get_nullable_time (object, where, "finished_at", &step->finished_at, error) ||
      !avs_json_get_array (object, where, "commands", TRUE, &commands, error) ||
      !avs_json_get_strv (object, where, "log", FALSE, &step->log, error))
    goto bad;
  if (step->log == NULL)
    step->log = g_new0 (char *, 1);
  if (!valid_step_id (id))
    {
      schema_error (error, where, _("a step id is made of letters, digits and dashes."));
      goto bad;
    }
  if (!avs_step_type_from_string (type, &step_type))
    {
      schema_error (error, where, _("not a known kind of step."));
      goto bad;
    }
  if (!status_from_string (status, &step->status))
    {
      schema_error (error, where, _("not a known step status."));
      goto bad;
    }
  step->id = g_strdup (id);
  step->type = g_strdup (type);
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      g_autofree char *cwhere = g_strdup_printf ("%s.commands[%u]", where, i);
      JsonObject *cobject = element_object (commands, i, cwhere, error);
      AvsReportCommand *command;

      if (cobject == NULL)
        goto bad;
      command = _avs_report_command_new ();
      g_ptr_array_add (step->commands, command);
      if (!load_command (cobject, cwhere, command, error))
        goto bad;
    }
  return step;

bad:
  _avs_report_step_free (step);
  return NULL;
}

static gboolean
load_explanation (AvsReport   *self,
                  JsonObject  *object,
                  GError     **error)
{
  static const char * const members[] = { "region", "statements", "sources", NULL };
  static const char * const statement_members[] = { "section", "text", "refs", NULL };
  static const char * const source_members[] = { "title", "url", NULL };
  JsonArray *statements = NULL, *sources = NULL;
  const char *where = "$.explanation";

  if (!avs_json_check_members (object, where, members, error) ||
      !get_nullable (object, where, "region", &self->region, error) ||
      !avs_json_get_array (object, where, "statements", TRUE, &statements, error) ||
      !avs_json_get_array (object, where, "sources", TRUE, &sources, error))
    return FALSE;
  if (self->region != NULL &&
      (strlen (self->region) != 2 || !g_ascii_isupper (self->region[0]) ||
       !g_ascii_isupper (self->region[1])))
    return schema_error (error, where, _("a region is two capital letters, such as US."));

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      g_autofree char *swhere = g_strdup_printf ("%s.sources[%u]", where, i);
      JsonObject *sobject = element_object (sources, i, swhere, error);
      const char *title = NULL, *url = NULL;
      AvsReportSource *source;

      if (sobject == NULL ||
          !avs_json_check_members (sobject, swhere, source_members, error) ||
          !avs_json_get_string (sobject, swhere, "title", TRUE, &title, error) ||
          !avs_json_get_string (sobject, swhere, "url", TRUE, &url, error))
        return FALSE;
      /* A web address, and nothing a browser or a Markdown reader could misread. Only https
       * addresses become links in a rendering; an http one is shown as text. */
      if ((!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://")) ||
          strpbrk (url, " \"'<>\\`") != NULL || strlen (url) > 2048 ||
          !g_utf8_validate (url, -1, NULL) || !avs_text_is_safe_for_terminal (url, -1, AVS_TEXT_ESCAPE_DEFAULT))
        return schema_error (error, swhere, _("a source’s address must be a web address (https or http)."));
      source = g_new0 (AvsReportSource, 1);
      source->title = g_strdup (title);
      source->url = g_strdup (url);
      g_ptr_array_add (self->sources, source);
    }

  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      g_autofree char *swhere = g_strdup_printf ("%s.statements[%u]", where, i);
      JsonObject *sobject = element_object (statements, i, swhere, error);
      const char *section = NULL, *text = NULL;
      JsonArray *refs = NULL;
      AvsReportStatement *statement;

      if (sobject == NULL ||
          !avs_json_check_members (sobject, swhere, statement_members, error) ||
          !avs_json_get_string (sobject, swhere, "section", TRUE, &section, error) ||
          !avs_json_get_string (sobject, swhere, "text", TRUE, &text, error) ||
          !avs_json_get_array (sobject, swhere, "refs", TRUE, &refs, error))
        return FALSE;
      if (!g_str_equal (section, "summary") && !g_str_equal (section, "for-you") &&
          !g_str_equal (section, "machine"))
        return schema_error (error, swhere, _("a section is “summary”, “for-you” or “machine”."));
      statement = g_new0 (AvsReportStatement, 1);
      g_ptr_array_add (self->statements, statement);
      statement->section = g_strdup (section);
      statement->text = g_strdup (text);
      statement->refs = g_new0 (guint, MAX (json_array_get_length (refs), 1));
      for (guint j = 0; j < json_array_get_length (refs); j++)
        {
          JsonNode *ref = json_array_get_element (refs, j);

          if (!JSON_NODE_HOLDS_VALUE (ref) || json_node_get_value_type (ref) != G_TYPE_INT64 ||
              json_node_get_int (ref) < 1 || json_node_get_int (ref) > (gint64) self->sources->len)
            return schema_error (error, swhere, _("a reference must be the number of a source."));
          statement->refs[statement->n_refs++] = (guint) json_node_get_int (ref);
        }
    }
  return TRUE;
}

static gboolean
load_catalog (AvsReport   *self,
              JsonObject  *object,
              GError     **error)
{
  static const char * const members[] = { "serial", "source", "url", "generated", NULL };
  const char *where = "$.catalog";

  self->catalog = g_new0 (AvsReportCatalog, 1);
  if (!avs_json_check_members (object, where, members, error) ||
      !avs_json_get_int (object, where, "serial", TRUE, &self->catalog->serial, error) ||
      !get_nullable (object, where, "source", &self->catalog->source, error) ||
      !get_nullable (object, where, "url", &self->catalog->url, error) ||
      !avs_json_get_nullable_time (object, where, "generated", &self->catalog->generated, error))
    return FALSE;
  if (self->catalog->serial < 0)
    return schema_error (error, where, _("a serial cannot be negative."));
  return TRUE;
}

/* $.personal: null, or the people and their homes side by side (not in a redacted report). */
static gboolean
load_personal (AvsReport   *self,
               JsonObject  *object,
               GError     **error)
{
  static const char * const members[] = { "people", "homes", NULL };
  JsonNode *node = json_object_get_member (object, "personal");
  JsonObject *personal;
  g_auto(GStrv) people = NULL;
  g_auto(GStrv) homes = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node) || self->redacted)
    return schema_error (error, "$.personal", _("must be null in a redacted report, else an object."));
  personal = json_node_get_object (node);
  if (!avs_json_check_members (personal, "$.personal", members, error) ||
      !avs_json_get_strv (personal, "$.personal", "people", TRUE, &people, error) ||
      !avs_json_get_strv (personal, "$.personal", "homes", TRUE, &homes, error))
    return FALSE;
  if (g_strv_length (people) != g_strv_length (homes))
    return schema_error (error, "$.personal", _("every person needs a home (or \"\")."));
  for (guint i = 0; people[i] != NULL; i++)
    _avs_report_add_person (self, people[i], homes[i]);
  return TRUE;
}

/* Every member of the document into @self; FALSE at the first problem (the caller drops @self). */
static gboolean
load_document (AvsReport   *self,
               JsonObject  *object,
               GError     **error)
{
  static const char * const members[] = {
    "schema", "tool", "created_at", "updated_at", "redacted", "host", "first_scan", "last_scan",
    "verification", "explanation", "catalog", "replacement", "steps", "log", "managed_continued",
    "personal", NULL
  };
  static const char * const tool_members[] = { "name", "version", NULL };
  static const char * const host_members[] = {
    "name", "distribution", "kernel", "desktop", "root", NULL
  };
  static const char * const replacement_members[] = { "id", "name", "method", "it_installs", NULL };
  JsonObject *tool = NULL, *host = NULL, *explanation = NULL, *replacement = NULL;
  JsonArray *steps = NULL;
  JsonNode *catalog;

  if (!avs_json_check_members (object, "$", members, error) ||
      !avs_json_get_object (object, "$", "tool", TRUE, &tool, error) ||
      !avs_json_check_members (tool, "$.tool", tool_members, error) ||
      !get_nullable (tool, "$.tool", "version", &self->tool_version, error) ||
      !avs_json_get_nullable_time (object, "$", "created_at", &self->created_at, error) ||
      !avs_json_get_nullable_time (object, "$", "updated_at", &self->updated_at, error) ||
      !avs_json_get_bool (object, "$", "redacted", TRUE, &self->redacted, error) ||
      !avs_json_get_object (object, "$", "host", TRUE, &host, error) ||
      !avs_json_check_members (host, "$.host", host_members, error) ||
      !get_nullable (host, "$.host", "name", &self->host.name, error) ||
      !get_nullable (host, "$.host", "distribution", &self->host.distribution, error) ||
      !get_nullable (host, "$.host", "kernel", &self->host.kernel, error) ||
      !get_nullable (host, "$.host", "desktop", &self->host.desktop, error) ||
      !get_nullable (host, "$.host", "root", &self->host.root, error) ||
      !get_scan (object, "first_scan", &self->first_scan, error) ||
      !get_scan (object, "last_scan", &self->last_scan, error) ||
      !get_scan (object, "verification", &self->verification, error) ||
      !avs_json_get_object (object, "$", "explanation", TRUE, &explanation, error) ||
      !load_explanation (self, explanation, error) ||
      !avs_json_get_object (object, "$", "replacement", TRUE, &replacement, error) ||
      !avs_json_check_members (replacement, "$.replacement", replacement_members, error) ||
      !get_nullable (replacement, "$.replacement", "id", &self->replacement_id, error) ||
      !get_nullable (replacement, "$.replacement", "name", &self->replacement_name, error) ||
      !get_nullable (replacement, "$.replacement", "method", &self->replacement_method, error) ||
      !avs_json_get_bool (replacement, "$.replacement", "it_installs", FALSE, &self->it_installs,
                          error) ||
      !avs_json_get_array (object, "$", "steps", TRUE, &steps, error) ||
      !avs_json_get_bool (object, "$", "managed_continued", TRUE, &self->managed_continued,
                          error))
    return FALSE;

  g_strfreev (self->log);
  self->log = NULL;
  if (!avs_json_get_strv (object, "$", "log", FALSE, &self->log, error))
    return FALSE;
  if (self->log == NULL)
    self->log = g_new0 (char *, 1);
  if (self->created_at == NULL)
    return schema_error (error, "$.created_at", _("the date the report was made is missing."));
  if (self->updated_at == NULL)
    self->updated_at = g_date_time_ref (self->created_at);

  if (!load_personal (self, object, error))
    return FALSE;

  catalog = json_object_get_member (object, "catalog");
  if (catalog != NULL && JSON_NODE_HOLDS_OBJECT (catalog))
    {
      if (!load_catalog (self, json_node_get_object (catalog), error))
        return FALSE;
    }
  else if (catalog != NULL && !JSON_NODE_HOLDS_NULL (catalog))
    return schema_error (error, "$.catalog", _("must be an object or null."));

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      g_autofree char *where = g_strdup_printf ("$.steps[%u]", i);
      JsonObject *sobject = element_object (steps, i, where, error);
      AvsReportStep *step;

      if (sobject == NULL)
        return FALSE;
      step = load_step (sobject, where, error);
      if (step == NULL)
        return FALSE;
      if (avs_report_find_step (self, step->id) != NULL)
        {
          _avs_report_step_free (step);
          return schema_error (error, where, _("this step is listed twice."));
        }
      g_ptr_array_add (self->steps, step);
    }
  return TRUE;
}

AvsReport *
avs_report_new_from_data (const char  *data,
                          gsize        length,
                          const char  *source,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AvsReport) self = NULL;
  g_autofree char *display = NULL;
  JsonObject *object;
  const char *schema = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  display = g_filename_display_name (source != NULL ? source : "report");
  bytes = g_bytes_new_static (data != NULL ? data : "", length);
  root = avs_json_parse_bytes (bytes, display, AVS_REPORT_MAX_SIZE, AVS_REPORT_MAX_DEPTH,
                               &local_error);
  if (root == NULL)
    {
      gboolean too_large = g_error_matches (local_error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE) ||
                           g_error_matches (local_error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_DEEP);

      g_set_error (error, AVS_REPORT_ERROR,
                   too_large ? AVS_REPORT_ERROR_TOO_LARGE : AVS_REPORT_ERROR_INVALID,
                   /* Translators: %s is a file name, then the reason (a JSON syntax error…) */
                   _("%s cannot be opened as a session report: %s"), display,
                   local_error->message);
      return NULL;
    }
  object = json_node_get_object (root);

  /* The schema first: a report of a later version gets a message about the version. */
  if (json_object_has_member (object, "schema") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "schema")) &&
      json_node_get_value_type (json_object_get_member (object, "schema")) == G_TYPE_STRING)
    schema = json_object_get_string_member (object, "schema");
  if (schema == NULL || !g_str_has_prefix (schema, AVS_REPORT_SCHEMA_PREFIX))
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_NOT_A_REPORT,
                   /* Translators: %s is a file name */
                   _("%s is not a session report of AV Switch."), display);
      return NULL;
    }
  if (!g_str_equal (schema, AVS_REPORT_SCHEMA))
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FUTURE,
                   /* Translators: the first %s is a file name, the second the report's format,
                    * the third the one this version reads */
                   _("%s was written by another version of AV Switch (format “%s”); this version "
                     "reads “%s”. Open it with a newer AV Switch."),
                   display, schema, AVS_REPORT_SCHEMA);
      return NULL;
    }

  self = g_object_new (AVS_TYPE_REPORT, NULL);
  if (!load_document (self, object, &local_error))
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_INVALID,
                   _("%s cannot be opened as a session report: %s"), display,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Reads at most AVS_REPORT_MAX_SIZE bytes of a regular file, without following a last symbolic
 * link blindly into a FIFO or a device (O_NONBLOCK, then fstat). */
static char *
read_report_file (const char  *path,
                  gsize       *out_length,
                  GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  struct stat st;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not open %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("%s is not a regular file."), display);
      return NULL;
    }
  if (st.st_size > AVS_REPORT_MAX_SIZE)
    {
      close (fd);
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_TOO_LARGE,
                   /* Translators: %s is a file name, %u a size in MiB */
                   _("%s is too large for a session report (more than %u MiB)."), display,
                   (guint) (AVS_REPORT_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }
  data = g_malloc (AVS_REPORT_MAX_SIZE + 1);
  for (;;)
    {
      gssize n = read (fd, data + length, AVS_REPORT_MAX_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED,
                       /* Translators: %s is a file name, then the system's reason */
                       _("Could not read %s: %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
      if (length > AVS_REPORT_MAX_SIZE)
        break;
    }
  close (fd);
  if (length > AVS_REPORT_MAX_SIZE)
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_TOO_LARGE,
                   _("%s is too large for a session report (more than %u MiB)."), display,
                   (guint) (AVS_REPORT_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }
  *out_length = length;
  return g_steal_pointer (&data);
}

AvsReport *
avs_report_load_file (const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = read_report_file (path, &length, error);
  if (data == NULL)
    return NULL;
  return avs_report_new_from_data (data, length, path, error);
}
