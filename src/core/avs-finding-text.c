/* avs-finding-text.c — what each kind of finding is called, and one plain sentence about it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sentences say only what the facts behind the rules and the removal plan say
 * (docs/detection.md, docs/removal.md): the root certificate is Kaspersky's own, added so that
 * it could inspect encrypted connections (G17c, G15); a Windows installation is never touched
 * from Linux; a browser extension is removed in the browser; leftovers are backed up, then
 * deleted.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-finding-text.h"
#include "avs-text.h"

AvsFindingKind
avs_finding_get_kind (AvsFinding *finding)
{
  const char *product;

  g_return_val_if_fail (AVS_IS_FINDING (finding), AVS_FINDING_KIND_PROGRAM);

  /* These three are what they are whatever the rules call their state. */
  product = avs_finding_get_product_id (finding);
  if (g_strcmp0 (product, AVS_PRODUCT_PROTECTION_EXTENSION) == 0)
    return AVS_FINDING_KIND_BROWSER_EXTENSION;
  if (g_strcmp0 (product, AVS_PRODUCT_HTTPS_ROOT_CA) == 0)
    return AVS_FINDING_KIND_ROOT_CERTIFICATE;
  if (g_strcmp0 (product, AVS_PRODUCT_WINDOWS_INSTALLATION) == 0)
    return AVS_FINDING_KIND_WINDOWS;

  switch (avs_finding_get_state (finding))
    {
    case AVS_INSTALL_STATE_LEFTOVERS:
      return AVS_FINDING_KIND_LEFTOVERS;
    case AVS_INSTALL_STATE_FILES_ONLY:
      if (g_strcmp0 (product, AVS_PRODUCT_NETWORK_AGENT) == 0)
        return AVS_FINDING_KIND_MANAGEMENT_AGENT;
      return AVS_FINDING_KIND_PROGRAM_FILES;
    case AVS_INSTALL_STATE_INSTALLED:
    default:
      if (g_strcmp0 (product, AVS_PRODUCT_NETWORK_AGENT) == 0)
        return AVS_FINDING_KIND_MANAGEMENT_AGENT;
      return AVS_FINDING_KIND_PROGRAM;
    }
}

const char *
avs_finding_kind_to_label (AvsFindingKind kind)
{
  switch (kind)
    {
    case AVS_FINDING_KIND_PROGRAM:
      return _("Installed program");
    case AVS_FINDING_KIND_PROGRAM_FILES:
      return _("Program copied in without a package");
    case AVS_FINDING_KIND_MANAGEMENT_AGENT:
      return _("Remote management agent");
    case AVS_FINDING_KIND_LEFTOVERS:
      return _("Leftovers of an unfinished removal");
    case AVS_FINDING_KIND_BROWSER_EXTENSION:
      return _("Browser extension");
    case AVS_FINDING_KIND_ROOT_CERTIFICATE:
      return _("Trusted root certificate");
    case AVS_FINDING_KIND_WINDOWS:
      return _("Installed in Windows on another disk");
    default:
      return _("Kaspersky software");
    }
}

const char *
avs_finding_kind_to_sentence (AvsFindingKind kind)
{
  switch (kind)
    {
    case AVS_FINDING_KIND_PROGRAM:
      return _("A Kaspersky security program installed as a package of this system, the "
               "software this guide replaces: AV Switch uninstalls it and keeps a copy of what "
               "it leaves behind.");
    case AVS_FINDING_KIND_PROGRAM_FILES:
      return _("A Kaspersky program copied onto this computer without a package, so the "
               "system’s own tools cannot uninstall it: AV Switch packs its files into a backup "
               "and deletes them, and lists any file it is not sure about for you to decide.");
    case AVS_FINDING_KIND_MANAGEMENT_AGENT:
      return _("The agent through which your organization manages this computer and its "
               "Kaspersky software from a central server, which can put Kaspersky back: ask your "
               "IT department to release this computer first; AV Switch removes the agent last.");
    case AVS_FINDING_KIND_LEFTOVERS:
      return _("Files and settings left behind by a Kaspersky removal that was not finished; "
               "they no longer work as a program: AV Switch packs them into a backup, then "
               "deletes them.");
    case AVS_FINDING_KIND_BROWSER_EXTENSION:
      return _("Kaspersky’s extension inside a web browser, which stays there when the program "
               "is gone: only the browser can remove it properly, so AV Switch shows you where "
               "to click and checks afterwards that it is gone.");
    case AVS_FINDING_KIND_ROOT_CERTIFICATE:
      return _("A Kaspersky root certificate that this computer or a browser trusts. Kaspersky "
               "added it to inspect encrypted (HTTPS) web traffic, and while it is trusted, "
               "whoever holds its key can inspect that traffic too: AV Switch removes it from "
               "the trusted certificates, or shows you how where it cannot.");
    case AVS_FINDING_KIND_WINDOWS:
      return _("Kaspersky installed in a Windows system on a disk of this computer; it does not "
               "run in Linux. Deleting its files from here would leave Windows broken, so "
               "AV Switch does not touch them and tells you how to remove it in Windows.");
    default:
      return "";
    }
}

char *
avs_finding_describe_kind (AvsFinding *finding)
{
  AvsFindingKind kind;
  const char *version;

  g_return_val_if_fail (AVS_IS_FINDING (finding), NULL);

  kind = avs_finding_get_kind (finding);
  version = avs_finding_get_version (finding);
  if (version != NULL && *version != '\0' &&
      (kind == AVS_FINDING_KIND_PROGRAM || kind == AVS_FINDING_KIND_PROGRAM_FILES ||
       kind == AVS_FINDING_KIND_MANAGEMENT_AGENT))
    {
      /* The version comes from the scanned machine: escaped, so the text is safe in a
       * terminal or a paste as it is, and isolated, so it keeps its direction in Arabic. */
      g_autofree char *escaped = avs_text_escape_for_terminal (version, -1, AVS_TEXT_ESCAPE_DEFAULT);
      g_autofree char *isolated = avs_text_isolate (escaped);

      /* One whole string for each kind, as the kind's name may change with the version
       * beside it in some languages. */
      switch (kind)
        {
        case AVS_FINDING_KIND_PROGRAM:
          /* Translators: %s is a version number: "Installed program, version 11.2.0-4528" */
          return g_strdup_printf (_("Installed program, version %s"), isolated);
        case AVS_FINDING_KIND_PROGRAM_FILES:
          /* Translators: %s is a version number */
          return g_strdup_printf (_("Program copied in without a package, version %s"), isolated);
        case AVS_FINDING_KIND_MANAGEMENT_AGENT:
          /* Translators: %s is a version number */
          return g_strdup_printf (_("Remote management agent, version %s"), isolated);
        default:
          g_assert_not_reached ();
        }
    }
  return g_strdup (avs_finding_kind_to_label (kind));
}

char *
avs_scan_result_describe_management (AvsScanResult *result)
{
  const char *server;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (result), NULL);

  if (!avs_scan_result_is_managed (result))
    return NULL;
  server = avs_scan_result_get_management_server (result);
  if (server != NULL)
    {
      /* From the machine's agent settings: escaped and isolated, as the version above. */
      g_autofree char *escaped = avs_text_escape_for_terminal (server, -1, AVS_TEXT_ESCAPE_DEFAULT);
      g_autofree char *isolated = avs_text_isolate (escaped);

      return g_strdup_printf (/* Translators: %s is a server name or address */
                              _("Your organization manages this computer through its Kaspersky "
                                "Security Center server at %s. Talk to your IT department before "
                                "you remove anything: they may need to release this computer "
                                "first."), isolated);
    }
  return g_strdup (_("Your organization manages this computer through a Kaspersky Security "
                     "Center server. Talk to your IT department before you remove anything: "
                     "they may need to release this computer first."));
}
