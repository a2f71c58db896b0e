/* avs-x509.h — the subject name of an X.509 certificate, read without a TLS library
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scanner reads hundreds of CA certificates only to look at their subjects. Loading a TLS
 * backend for that (GIO's GTlsCertificate pulls in glib-networking and GnuTLS) costs more than
 * the whole rest of a scan, so this small, bounds-checked DER reader extracts the subject and
 * formats it the way GnuTLS does ("C=RU,O=AO Kaspersky Lab,CN=…": attributes in certificate
 * order, RFC 4514 escapes). Anything malformed gives NULL, never a crash.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The subject of the DER certificate @der, or NULL if it is not a certificate. */
char *avs_x509_subject_from_der (const guint8 *der,
                                 gsize         length);
/* The same for the first "-----BEGIN CERTIFICATE-----" block of @pem (@length bytes). */
char *avs_x509_subject_from_pem (const char   *pem,
                                 gsize         length);

G_END_DECLS
