/* test-x509.c — the DER subject reader agrees with GnuTLS and survives damaged input
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "avs-test-common.h"
#include "avs-test-fixture.h"
#include "avs-x509.h"

static const char * const subjects[] = {
  "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate",
  "/O=AO Kaspersky Lab/CN=Kaspersky Web Anti-Virus Certification Authority",
  "/C=DE/ST=Berlin/L=Berlin/O=Example, Inc./OU=IT+Ops/CN=Root \"CA\" ; test",
  "/CN=Ünïcødé Wurzel-CA/emailAddress=pki@example.invalid",
  "/DC=org/DC=example/CN=Domain Root",
};

static void
test_x509_agrees_with_gnutls (void)
{
  g_autoptr(AvsFixture) f = NULL;

  if (!avs_fixture_require ("openssl"))
    return;
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no GIO TLS backend to compare with");
      return;
    }
  f = avs_fixture_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autofree char *pem = avs_fixture_make_ca_pem (f, subjects[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_pem (pem, -1, &error);
      g_autofree char *expected = NULL;
      g_autofree char *got = avs_x509_subject_from_pem (pem, strlen (pem));

      g_assert_no_error (error);
      expected = g_tls_certificate_get_subject_name (cert);
      g_test_message ("%s → %s", subjects[i], got);
      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_x509_damaged (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autofree char *pem = NULL;
  g_autofree guint8 *der = NULL;
  gsize length = 0;
  const char *start, *stop;

  if (!avs_fixture_require ("openssl"))
    return;
  f = avs_fixture_new (NULL);
  pem = avs_fixture_make_ca_pem (f, subjects[0]);
  start = strstr (pem, "-----BEGIN CERTIFICATE-----") + strlen ("-----BEGIN CERTIFICATE-----");
  stop = strstr (pem, "-----END CERTIFICATE-----");
  {
    g_autofree char *body = g_strndup (start, stop - start);
    der = g_base64_decode (body, &length);
  }
  {
    g_autofree char *whole = avs_x509_subject_from_der (der, length);
    g_assert_nonnull (whole);
  }

  /* Every truncation and many single-byte changes: NULL or some text, never a crash. */
  for (gsize cut = 0; cut < length; cut++)
    g_free (avs_x509_subject_from_der (der, cut));
  for (gsize i = 0; i < length; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (der, length);
      for (guint v = 0; v < 256; v += 37)
        {
          copy[i] = (guint8) v;
          g_free (avs_x509_subject_from_der (copy, length));
        }
    }
  g_assert_null (avs_x509_subject_from_der (NULL, 0));
  g_assert_null (avs_x509_subject_from_pem ("no certificate here", 19));
  g_assert_null (avs_x509_subject_from_pem ("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", 60));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/x509/agrees-with-gnutls", test_x509_agrees_with_gnutls);
  g_test_add_func ("/x509/damaged", test_x509_damaged);

  return g_test_run ();
}
