/* avs-validate.h — strict patterns for everything that ends up in a command line
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan builds every argv itself, from data that comes from a scan (rules file, the scanned
 * disk) or from the replacement catalog. Each value passes one of these checks first, so that
 * neither a hostile rules file, a hostile disk nor a hostile catalog entry can smuggle an option,
 * a second command or a path outside the intended place into a command. Commands never go
 * through a shell; these patterns are a second line of defence and keep the `--script` output
 * readable. Every failure sets AVS_VALIDATE_ERROR_INVALID with a translated sentence.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AVS_VALIDATE_ERROR (avs_validate_error_quark ())

typedef enum
{
  AVS_VALIDATE_ERROR_INVALID,
} AvsValidateError;

GQuark   avs_validate_error_quark     (void);

/* A package name of dpkg, rpm or pacman: [A-Za-z0-9][A-Za-z0-9+._-]*, at most 128 bytes, no
 * "..", never starting with "-". */
gboolean avs_validate_package_name    (const char  *name,
                                       GError     **error);

/* A Flatpak application id: 3 to 255 bytes, at least three dot-separated elements of
 * [A-Za-z0-9_-], none empty, none starting with a digit, no slash. */
gboolean avs_validate_flatpak_id      (const char  *id,
                                       GError     **error);

/* An absolute path that can go into a command unchanged: starts with "/", only
 * [A-Za-z0-9._+@:,=~-] and "/" (no spaces, no shell characters, no control characters), no
 * empty, "." or ".." component, no trailing slash (except "/" itself), at most 4096 bytes. */
gboolean avs_validate_path            (const char  *path,
                                       GError     **error);

/* A systemd unit name: [A-Za-z0-9:_.@-]+ with a known unit suffix, not starting with "-". */
gboolean avs_validate_unit_name       (const char  *unit,
                                       GError     **error);

/* A group or user name: [a-z_][a-z0-9_-]*, at most 32 bytes. */
gboolean avs_validate_account_name    (const char  *name,
                                       GError     **error);

/* An NSS certificate nickname: printable UTF-8, 1 to 200 bytes, spaces allowed, but no control
 * characters, no leading "-", and none of ;|&$`\"'<>(){}*? so it reads safely in a script. */
gboolean avs_validate_nss_nickname    (const char  *nickname,
                                       GError     **error);

/* An https:// URL without spaces, quotes or control characters, at most 2048 bytes. */
gboolean avs_validate_https_url       (const char  *url,
                                       GError     **error);

/* A product id of the rules and the catalog: [a-z0-9][a-z0-9-]*, at most 64 bytes. */
gboolean avs_validate_product_id      (const char  *id,
                                       GError     **error);

G_END_DECLS
