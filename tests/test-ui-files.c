/* test-ui-files.c — every .ui file in the resource bundle loads
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-test-ui.h"

/* Returns the class name of a <template class="…">, or NULL for a plain builder file. */
static char *
template_class (const char *xml)
{
  const char *start = strstr (xml, "<template class=\"");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("<template class=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
collect (const char *dir,
         GPtrArray  *out)
{
  g_auto(GStrv) children = g_resources_enumerate_children (dir, 0, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect (path, out);
      else if (g_str_has_suffix (children[i], ".ui"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, &error);
  g_autofree char *xml = NULL;
  g_autofree char *klass = NULL;

  g_assert_no_error (error);
  xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  klass = template_class (xml);

  if (klass != NULL)
    {
      GType type = g_type_from_name (klass);
      GObject *object;

      if (type == 0)
        g_error ("%s: the template class %s is not registered; add it to avs_ui_ensure_types()",
                 path, klass);
      if (G_TYPE_IS_ABSTRACT (type))
        return;
      /* Instantiating the class builds its template; a broken file aborts right here. */
      object = g_object_new (type, NULL);
      g_assert_nonnull (object);
      if (GTK_IS_WINDOW (object))
        gtk_window_destroy (GTK_WINDOW (object));
      else
        g_object_unref (g_object_ref_sink (object));
    }
  else
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new ();

      g_assert_true (gtk_builder_add_from_resource (builder, path, &error));
      g_assert_no_error (error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  avs_test_ui_init (&argc, &argv);

  collect (RESOURCE_PREFIX "/", files);
  g_assert_cmpuint (files->len, >, 0);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_strconcat ("/ui/files", (char *) files->pdata[i] + strlen (RESOURCE_PREFIX), NULL);
      g_test_add_data_func (name, files->pdata[i], test_ui_file);
    }

  return g_test_run ();
}
