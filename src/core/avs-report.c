/* avs-report.c — the session report: filling it from a session, and reading it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/utsname.h>

#include "avs-host.h"
#include "avs-report-private.h"
#include "avs-runner.h"

G_DEFINE_QUARK (avs-report-error-quark, avs_report_error)

G_DEFINE_FINAL_TYPE (AvsReport, avs_report, G_TYPE_OBJECT)

/* Command output kept in a report: enough to see why a command failed, never a report that its
 * own loader refuses (AVS_REPORT_MAX_SIZE). */
#define MAX_COMMAND_OUTPUT (64 * 1024)
#define MAX_TOTAL_OUTPUT   (2 * 1024 * 1024)
#define MAX_LOG_LINES      4000

/* ---------------------------------------------------------------------------------------------
 * The parts
 * ------------------------------------------------------------------------------------------- */

AvsReportCommand *
_avs_report_command_new (void)
{
  return g_new0 (AvsReportCommand, 1);
}

void
_avs_report_command_free (AvsReportCommand *command)
{
  if (command == NULL)
    return;
  g_strfreev (command->argv);
  g_free (command->output);
  g_free (command);
}

AvsReportStep *
_avs_report_step_new (void)
{
  AvsReportStep *step = g_new0 (AvsReportStep, 1);

  step->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) _avs_report_command_free);
  step->log = g_new0 (char *, 1);
  return step;
}

void
_avs_report_step_free (AvsReportStep *step)
{
  if (step == NULL)
    return;
  g_free (step->id);
  g_free (step->type);
  g_free (step->title);
  g_free (step->explanation);
  g_free (step->message);
  g_clear_pointer (&step->started_at, g_date_time_unref);
  g_clear_pointer (&step->finished_at, g_date_time_unref);
  g_ptr_array_unref (step->commands);
  g_strfreev (step->log);
  g_free (step);
}

void
_avs_report_statement_free (AvsReportStatement *statement)
{
  if (statement == NULL)
    return;
  g_free (statement->section);
  g_free (statement->text);
  g_free (statement->refs);
  g_free (statement);
}

void
_avs_report_source_free (AvsReportSource *source)
{
  if (source == NULL)
    return;
  g_free (source->title);
  g_free (source->url);
  g_free (source);
}

void
_avs_report_catalog_free (AvsReportCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_free (catalog->source);
  g_free (catalog->url);
  g_clear_pointer (&catalog->generated, g_date_time_unref);
  g_free (catalog);
}

void
_avs_report_host_clear (AvsReportHost *host)
{
  g_clear_pointer (&host->name, g_free);
  g_clear_pointer (&host->distribution, g_free);
  g_clear_pointer (&host->kernel, g_free);
  g_clear_pointer (&host->desktop, g_free);
  g_clear_pointer (&host->root, g_free);
}

char *
_avs_report_format_time (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return NULL;
  utc = g_date_time_to_utc (when);
  /* Padded by hand, as the scan document does: "%Y" writes the year 682 as "682". */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/* ---------------------------------------------------------------------------------------------
 * The object
 * ------------------------------------------------------------------------------------------- */

static void
avs_report_finalize (GObject *object)
{
  AvsReport *self = AVS_REPORT (object);

  g_free (self->tool_version);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  _avs_report_host_clear (&self->host);
  g_clear_object (&self->first_scan);
  g_clear_object (&self->last_scan);
  g_clear_object (&self->verification);
  g_free (self->region);
  g_ptr_array_unref (self->statements);
  g_ptr_array_unref (self->sources);
  _avs_report_catalog_free (self->catalog);
  g_free (self->replacement_id);
  g_free (self->replacement_name);
  g_free (self->replacement_method);
  g_ptr_array_unref (self->steps);
  g_strfreev (self->log);
  g_strfreev (self->people);
  g_strfreev (self->homes);

  G_OBJECT_CLASS (avs_report_parent_class)->finalize (object);
}

static void
avs_report_class_init (AvsReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_report_finalize;
}

static void
avs_report_init (AvsReport *self)
{
  self->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) _avs_report_statement_free);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) _avs_report_source_free);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) _avs_report_step_free);
  self->log = g_new0 (char *, 1);
  self->people = g_new0 (char *, 1);
  self->homes = g_new0 (char *, 1);
}

AvsReport *
avs_report_new (void)
{
  AvsReport *self = g_object_new (AVS_TYPE_REPORT, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->tool_version = g_strdup (PACKAGE_VERSION);
  /* Whole seconds, as the document keeps them: a report compares equal to its copy. */
  self->created_at = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                          g_date_time_get_day_of_month (now),
                                          g_date_time_get_hour (now),
                                          g_date_time_get_minute (now),
                                          g_date_time_get_second (now));
  self->updated_at = g_date_time_ref (self->created_at);
  return self;
}

/* ---------------------------------------------------------------------------------------------
 * Filling
 * ------------------------------------------------------------------------------------------- */

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

/* The scanned root through AvsHost. A live scan from the Flatpak sandbox saw the computer
 * through the sandbox's view, so its /etc/passwd is read there too, not the runtime's. */
AvsHost *
_avs_report_open_root (const char *root)
{
  if (root == NULL)
    return NULL;
  if (g_str_equal (root, "/"))
    {
      g_autoptr(AvsRunner) runner = avs_runner_new ();

      return avs_host_new_live (avs_runner_get_in_flatpak (runner), NULL);
    }
  return avs_host_new (root, NULL);
}

char *
_avs_report_read_host_name (const char *root)
{
  g_autoptr(AvsHost) host = _avs_report_open_root (root);
  g_autofree char *text = NULL;

  if (host != NULL)
    text = avs_host_read_text (host, "/etc/hostname", 4096, NULL, NULL);
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (*text == '\0' || strchr (text, '\n') != NULL)
    return NULL;
  return g_utf8_make_valid (text, -1);
}

/* The host name of a scanned root: the running system's own for a live scan, else the root's
 * /etc/hostname. */
static char *
host_name_for (AvsScanResult *scan)
{
  if (avs_scan_result_get_live (scan))
    return g_strdup (g_get_host_name ());
  return _avs_report_read_host_name (avs_scan_result_get_root (scan));
}

void
_avs_report_add_person (AvsReport  *self,
                        const char *name,
                        const char *home)
{
  guint n = g_strv_length (self->people);

  if (name == NULL || *name == '\0' || g_strv_contains ((const char * const *) self->people, name))
    return;
  self->people = g_renew (char *, self->people, n + 2);
  self->homes = g_renew (char *, self->homes, n + 2);
  self->people[n] = g_strdup (name);
  self->homes[n] = g_strdup (home != NULL ? home : "");
  self->people[n + 1] = NULL;
  self->homes[n + 1] = NULL;
}

/* The people with a login on the scanned root: /etc/passwd entries with a user id from 1000 to
 * 59999 (the range distributions give to people), read through AvsHost. */
static void
add_people (AvsReport     *self,
            AvsScanResult *scan)
{
  g_autoptr(AvsHost) host = _avs_report_open_root (avs_scan_result_get_root (scan));
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (host != NULL)
    text = avs_host_read_text (host, "/etc/passwd", 4 * 1024 * 1024, NULL, NULL);
  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 8);
      guint64 uid;

      if (g_strv_length (fields) < 7 ||
          !g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXUINT32, &uid, NULL) ||
          uid < 1000 || uid >= 60000 || !g_utf8_validate (fields[0], -1, NULL) ||
          !g_utf8_validate (fields[5], -1, NULL))
        continue;
      _avs_report_add_person (self, fields[0], fields[5]);
    }
}

static void
fill_host (AvsReport     *self,
           AvsScanResult *scan)
{
  AvsHostInfo *info = avs_scan_result_get_host (scan);
  struct utsname uts;

  _avs_report_host_clear (&self->host);
  self->root_scanned_here = TRUE;
  add_people (self, scan);
  self->host.name = host_name_for (scan);
  self->host.distribution = g_strdup (info->pretty_name != NULL ? info->pretty_name : info->id);
  self->host.root = g_strdup (avs_scan_result_get_root (scan));
  if (avs_scan_result_get_live (scan))
    {
      /* The running kernel and desktop describe the scanned machine only when it is this one. */
      if (uname (&uts) == 0)
        self->host.kernel = g_utf8_make_valid (uts.release, -1);
      if (g_getenv ("XDG_CURRENT_DESKTOP") != NULL && *g_getenv ("XDG_CURRENT_DESKTOP") != '\0')
        self->host.desktop = g_utf8_make_valid (g_getenv ("XDG_CURRENT_DESKTOP"), 256);
    }
}

static void
touch (AvsReport *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                          g_date_time_get_day_of_month (now),
                                          g_date_time_get_hour (now),
                                          g_date_time_get_minute (now),
                                          g_date_time_get_second (now));
}

void
avs_report_add_scan (AvsReport     *self,
                     AvsScanResult *scan)
{
  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (AVS_IS_SCAN_RESULT (scan));

  if (self->first_scan == NULL)
    self->first_scan = g_object_ref (scan);
  g_set_object (&self->last_scan, scan);
  fill_host (self, scan);
  touch (self);
}

void
avs_report_set_verification (AvsReport     *self,
                             AvsScanResult *scan)
{
  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (scan == NULL || AVS_IS_SCAN_RESULT (scan));

  g_set_object (&self->verification, scan);
  if (scan != NULL)
    {
      fill_host (self, scan);
      if (self->first_scan == NULL)
        self->first_scan = g_object_ref (scan);
      g_set_object (&self->last_scan, scan);
    }
  touch (self);
}

static void
add_statements (AvsReport      *self,
                AvsExplanation *explanation,
                GPtrArray      *statements,
                const char     *section)
{
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      AvsStatement *statement = g_ptr_array_index (statements, i);
      AvsReportStatement *copy = g_new0 (AvsReportStatement, 1);
      guint n = statement->sources != NULL ? g_strv_length (statement->sources) : 0;

      copy->section = g_strdup (section);
      copy->text = g_strdup (statement->text);
      copy->refs = g_new0 (guint, MAX (n, 1));
      for (guint j = 0; j < n; j++)
        {
          guint number = avs_explanation_source_number (explanation, statement->sources[j]);

          if (number > 0)
            copy->refs[copy->n_refs++] = number;
        }
      g_ptr_array_add (self->statements, copy);
    }
}

void
avs_report_set_explanation (AvsReport      *self,
                            AvsExplanation *explanation)
{
  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (explanation != NULL);

  replace_string (&self->region, explanation->region != NULL ? explanation->region->code : NULL);
  g_ptr_array_set_size (self->statements, 0);
  g_ptr_array_set_size (self->sources, 0);
  add_statements (self, explanation, explanation->summary, "summary");
  add_statements (self, explanation, explanation->for_you, "for-you");
  add_statements (self, explanation, explanation->machine, "machine");
  for (guint i = 0; explanation->sources != NULL && i < explanation->sources->len; i++)
    {
      const AvsSource *source = g_ptr_array_index (explanation->sources, i);
      AvsReportSource *copy = g_new0 (AvsReportSource, 1);

      copy->title = g_strdup (_(source->title));
      copy->url = g_strdup (source->url);
      g_ptr_array_add (self->sources, copy);
    }
  touch (self);
}

void
avs_report_set_catalog (AvsReport       *self,
                        AvsCatalogStore *store)
{
  AvsCatalog *catalog;

  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (AVS_IS_CATALOG_STORE (store));

  g_clear_pointer (&self->catalog, _avs_report_catalog_free);
  catalog = avs_catalog_store_get_catalog (store);
  if (catalog == NULL)
    return;
  self->catalog = g_new0 (AvsReportCatalog, 1);
  self->catalog->serial = avs_catalog_get_serial (catalog);
  self->catalog->source = g_strdup (avs_catalog_source_to_string (avs_catalog_store_get_source (store)));
  self->catalog->url = g_strdup (avs_catalog_store_get_url (store));
  if (avs_catalog_get_generated (catalog) != NULL)
    self->catalog->generated = g_date_time_ref (avs_catalog_get_generated (catalog));
  touch (self);
}

void
avs_report_set_replacement (AvsReport  *self,
                            const char *product_id,
                            const char *name,
                            const char *method,
                            gboolean    it_installs)
{
  g_return_if_fail (AVS_IS_REPORT (self));

  replace_string (&self->replacement_id, product_id);
  replace_string (&self->replacement_name, name);
  replace_string (&self->replacement_method, method);
  self->it_installs = !!it_installs;
  touch (self);
}

void
avs_report_set_managed_continued (AvsReport *self,
                                  gboolean   continued)
{
  g_return_if_fail (AVS_IS_REPORT (self));
  self->managed_continued = !!continued;
}

static AvsReportStep *
step_from_plan (AvsPlanStep *plan_step)
{
  AvsReportStep *step = _avs_report_step_new ();
  GPtrArray *commands = avs_plan_step_get_commands (plan_step);

  step->id = g_strdup (avs_plan_step_get_id (plan_step));
  step->type = g_strdup (avs_step_type_to_string (avs_plan_step_get_step_type (plan_step)));
  step->manual = avs_plan_step_get_kind (plan_step) == AVS_STEP_KIND_MANUAL;
  step->blocking = avs_plan_step_get_blocking (plan_step);
  step->title = g_strdup (avs_plan_step_get_title (plan_step));
  step->explanation = g_strdup (avs_plan_step_get_explanation (plan_step));
  step->status = AVS_STEP_STATUS_PENDING;
  for (guint i = 0; i < commands->len; i++)
    {
      AvsPlanCommand *planned = g_ptr_array_index (commands, i);
      AvsReportCommand *command = _avs_report_command_new ();

      command->argv = g_strdupv (planned->argv);
      command->needs_admin = planned->needs_admin;
      g_ptr_array_add (step->commands, command);
    }
  return step;
}

void
avs_report_set_plan (AvsReport *self,
                     AvsPlan   *plan)
{
  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (AVS_IS_PLAN (plan));

  g_ptr_array_set_size (self->steps, 0);
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    g_ptr_array_add (self->steps, step_from_plan (avs_plan_get_step (plan, i)));
  touch (self);
}

/* "2026-11-27T07:30:00Z remove-kesl: text" → its time and its step id ("-": none). */
static gboolean
parse_log_line (const char  *line,
                GDateTime  **out_when,
                char       **out_id)
{
  const char *space = strchr (line, ' ');
  const char *colon;
  g_autofree char *stamp = NULL;

  if (space == NULL)
    return FALSE;
  colon = strstr (space + 1, ": ");
  if (colon == NULL)
    return FALSE;
  stamp = g_strndup (line, space - line);
  *out_when = g_date_time_new_from_iso8601 (stamp, NULL);
  if (*out_when == NULL)
    return FALSE;
  *out_id = g_strndup (space + 1, colon - space - 1);
  return TRUE;
}

static void
add_log (AvsReport *self,
         JsonArray *log)
{
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  guint length = log != NULL ? json_array_get_length (log) : 0;
  guint first = length > MAX_LOG_LINES ? length - MAX_LOG_LINES : 0;

  for (guint s = 0; s < self->steps->len; s++)
    {
      AvsReportStep *step = g_ptr_array_index (self->steps, s);

      g_strfreev (step->log);
      step->log = g_new0 (char *, 1);
    }
  for (guint i = first; i < length; i++)
    {
      const char *text = json_array_get_string_element (log, i);
      g_autofree char *line = g_utf8_make_valid (text != NULL ? text : "", -1);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *id = NULL;

      g_strv_builder_add (all, line);
      if (!parse_log_line (line, &when, &id))
        continue;
      for (guint s = 0; s < self->steps->len; s++)
        {
          AvsReportStep *step = g_ptr_array_index (self->steps, s);
          guint n = g_strv_length (step->log);

          if (!g_str_equal (step->id, id))
            continue;
          step->log = g_renew (char *, step->log, n + 2);
          step->log[n] = g_strdup (line);
          step->log[n + 1] = NULL;
          if (step->started_at == NULL)
            step->started_at = g_date_time_ref (when);
          g_clear_pointer (&step->finished_at, g_date_time_unref);
          step->finished_at = g_date_time_ref (when);
          break;
        }
    }
  g_strfreev (self->log);
  self->log = g_strv_builder_end (all);
}

static char *
command_output (AvsRunResult *result,
                gsize        *budget)
{
  GString *text = g_string_new (NULL);
  GBytes *parts[] = { result->stdout_data, result->stderr_data };
  gsize limit = MIN (MAX_COMMAND_OUTPUT, *budget);
  g_autofree char *valid = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      gsize size = 0;
      const char *data = parts[i] != NULL ? g_bytes_get_data (parts[i], &size) : NULL;

      if (data != NULL && size > 0)
        g_string_append_len (text, data, (gssize) size);
    }
  if (text->len > limit)
    {
      g_string_truncate (text, limit);
      /* Translators: marks where a command's long output was cut in the session report */
      g_string_append_printf (text, "\n[%s]", _("output cut"));
    }
  valid = g_utf8_make_valid (text->str, (gssize) text->len);
  g_string_free (text, TRUE);
  *budget -= MIN (*budget, strlen (valid));
  return g_steal_pointer (&valid);
}

static gboolean
argv_equal (char       **a,
            char       **b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  for (; *a != NULL && *b != NULL; a++, b++)
    if (!g_str_equal (*a, *b))
      return FALSE;
  return *a == NULL && *b == NULL;
}

/* The runner's record, one result per command run (a retried command more than once), onto
 * the steps' planned commands: the first one not yet run with the same argv, else the last run
 * (a retry replaces the failed attempt). */
static void
add_results (AvsReport *self,
             GPtrArray *results)
{
  gsize budget = MAX_TOTAL_OUTPUT;

  for (guint r = 0; r < results->len; r++)
    {
      AvsRunResult *result = g_ptr_array_index (results, r);
      AvsReportCommand *match = NULL, *retried = NULL;

      for (guint s = 0; s < self->steps->len && match == NULL; s++)
        {
          AvsReportStep *step = g_ptr_array_index (self->steps, s);

          for (guint c = 0; c < step->commands->len; c++)
            {
              AvsReportCommand *command = g_ptr_array_index (step->commands, c);

              if (!argv_equal (command->argv, result->request))
                continue;
              if (!command->ran)
                {
                  match = command;
                  break;
                }
              retried = command;
            }
        }
      if (match == NULL)
        match = retried;
      if (match == NULL)
        continue;   /* a query of the executor's own checks, not a planned command */
      g_free (match->output);
      match->ran = TRUE;
      match->dry_run = result->dry_run;
      match->exit_status = result->exited ? result->exit_status : 128 + result->term_signal;
      match->duration_ms = result->duration_us / 1000;
      match->output = command_output (result, &budget);
    }
}

void
avs_report_set_executor (AvsReport   *self,
                         AvsExecutor *executor)
{
  AvsPlan *plan;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(AvsScanResult) verification = NULL;
  JsonArray *saved_steps;

  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (AVS_IS_EXECUTOR (executor));

  plan = avs_executor_get_plan (executor);
  avs_report_set_plan (self, plan);

  /* The executor's own record: the failure messages, and the log taken under its lock (a step
   * may still be running in its worker thread). */
  state = avs_executor_to_json (executor);
  saved_steps = json_object_get_array_member (json_node_get_object (state), "steps");
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsReportStep *step = g_ptr_array_index (self->steps, i);
      AvsPlanStep *plan_step = avs_plan_get_step (plan, i);

      step->status = avs_executor_get_status (executor, plan_step);
      if (step->blocking && step->status == AVS_STEP_STATUS_SKIPPED)
        self->managed_continued = TRUE;
      if (saved_steps != NULL && i < json_array_get_length (saved_steps))
        {
          JsonObject *saved = json_array_get_object_element (saved_steps, i);
          JsonNode *message = saved != NULL ? json_object_get_member (saved, "message") : NULL;

          if (message != NULL && JSON_NODE_HOLDS_VALUE (message))
            replace_string (&step->message, json_node_get_string (message));
        }
    }

  add_log (self, json_object_get_array_member (json_node_get_object (state), "log"));
  results = avs_runner_get_log (avs_executor_get_runner (executor));
  add_results (self, results);

  verification = avs_executor_dup_verification_scan (executor);
  if (verification != NULL)
    avs_report_set_verification (self, verification);
  touch (self);
}

void
avs_report_update_from_session (AvsReport  *self,
                                AvsSession *session)
{
  AvsScanResult *first, *last;
  AvsCatalogProduct *product;
  const char *method = NULL;

  g_return_if_fail (AVS_IS_REPORT (self));
  g_return_if_fail (AVS_IS_SESSION (session));

  first = avs_session_get_first_scan_result (session);
  last = avs_session_get_scan_result (session);
  if (first != NULL && self->first_scan == NULL)
    avs_report_add_scan (self, first);
  if (last != NULL && last != self->last_scan)
    avs_report_add_scan (self, last);

  product = avs_session_get_replacement (session);
  if (avs_session_get_executor (session) != NULL &&
      avs_plan_get_replacement (avs_executor_get_plan (avs_session_get_executor (session))) != NULL)
    method = avs_replacement_method_to_string (
        avs_plan_get_method (avs_executor_get_plan (avs_session_get_executor (session))));
  avs_report_set_replacement (self,
                              product != NULL ? avs_catalog_product_get_id (product)
                                              : avs_session_get_replacement_id (session),
                              avs_session_get_replacement_name (session), method,
                              avs_session_get_it_installs (session));

  if (avs_session_get_executor (session) != NULL)
    avs_report_set_executor (self, avs_session_get_executor (session));
  /* The window records the technician's "Continue anyway" on the session too. */
  if (avs_session_get_continued_managed (session))
    self->managed_continued = TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------------------------- */

const char *
avs_report_get_tool_version (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->tool_version;
}

GDateTime *
avs_report_get_created_at (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->created_at;
}

GDateTime *
avs_report_get_updated_at (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->updated_at;
}

gboolean
avs_report_get_redacted (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), FALSE);
  return self->redacted;
}

const AvsReportHost *
avs_report_get_host (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return &self->host;
}

AvsScanResult *
avs_report_get_first_scan (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->first_scan;
}

AvsScanResult *
avs_report_get_last_scan (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->last_scan;
}

AvsScanResult *
avs_report_get_verification (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->verification;
}

const char *
avs_report_get_region (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->region;
}

GPtrArray *
avs_report_get_statements (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->statements;
}

GPtrArray *
avs_report_get_sources (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->sources;
}

const AvsReportCatalog *
avs_report_get_catalog (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->catalog;
}

const char *
avs_report_get_replacement_id (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->replacement_id;
}

const char *
avs_report_get_replacement_name (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->replacement_name;
}

const char *
avs_report_get_replacement_method (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->replacement_method;
}

gboolean
avs_report_get_it_installs (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), FALSE);
  return self->it_installs;
}

GPtrArray *
avs_report_get_steps (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return self->steps;
}

AvsReportStep *
avs_report_find_step (AvsReport  *self,
                      const char *id)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsReportStep *step = g_ptr_array_index (self->steps, i);

      if (g_strcmp0 (step->id, id) == 0)
        return step;
    }
  return NULL;
}

const char * const *
avs_report_get_log (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);
  return (const char * const *) self->log;
}

gboolean
avs_report_get_managed_continued (AvsReport *self)
{
  g_return_val_if_fail (AVS_IS_REPORT (self), FALSE);
  return self->managed_continued;
}
