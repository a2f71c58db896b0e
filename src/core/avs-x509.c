/* avs-x509.c — the subject name of an X.509 certificate, read without a TLS library
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-x509.h"

typedef struct
{
  const guint8 *data;
  gsize         length;
} Der;

/* Reads one TLV from @in: its tag, and its contents in @out; advances @in. */
static gboolean
der_next (Der    *in,
          guint8 *out_tag,
          Der    *out)
{
  gsize length;
  gsize header = 2;

  if (in->length < 2)
    return FALSE;
  *out_tag = in->data[0];
  if ((in->data[0] & 0x1f) == 0x1f)
    return FALSE;   /* multi-byte tags do not occur in the parts we read */
  length = in->data[1];
  if (length & 0x80)
    {
      guint n = length & 0x7f;

      if (n == 0 || n > 4 || in->length < 2 + n)
        return FALSE;   /* indefinite lengths are not DER */
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | in->data[2 + i];
      header += n;
    }
  if (length > in->length - header)
    return FALSE;
  out->data = in->data + header;
  out->length = length;
  in->data += header + length;
  in->length -= header + length;
  return TRUE;
}

static gboolean
der_expect (Der    *in,
            guint8  tag,
            Der    *out)
{
  guint8 got;

  return der_next (in, &got, out) && got == tag;
}

static const struct
{
  const char *oid;   /* DER bytes of the OID */
  gsize       length;
  const char *name;
} known[] = {
  { "\x55\x04\x03", 3, "CN" },
  { "\x55\x04\x06", 3, "C" },
  { "\x55\x04\x07", 3, "L" },
  { "\x55\x04\x08", 3, "ST" },
  { "\x55\x04\x09", 3, "street" },
  { "\x55\x04\x0a", 3, "O" },
  { "\x55\x04\x0b", 3, "OU" },
  { "\x55\x04\x05", 3, "serialNumber" },
  { "\x55\x04\x0c", 3, "title" },
  { "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 9, "EMAIL" },
  { "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19", 10, "DC" },
  { "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x01", 10, "UID" },
};

static void
append_oid (GString   *out,
            const Der *oid)
{
  guint64 value = 0;
  gboolean first = TRUE;

  for (gsize i = 0; i < oid->length; i++)
    {
      value = (value << 7) | (oid->data[i] & 0x7f);
      if (oid->data[i] & 0x80)
        continue;
      if (first)
        {
          g_string_append_printf (out, "%u.%" G_GUINT64_FORMAT, value < 80 ? (guint) (value / 40) : 2,
                                  value < 80 ? value % 40 : value - 80);
          first = FALSE;
        }
      else
        g_string_append_printf (out, ".%" G_GUINT64_FORMAT, value);
      value = 0;
    }
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' ||
          (i == 0 && (c == '#' || c == ' ')) || (i == length - 1 && c == ' '))
        g_string_append_c (out, '\\');
      if (c == '\0')
        g_string_append (out, "\\00");
      else
        g_string_append_c (out, c);
    }
}

static gboolean
append_value (GString *out,
              guint8   tag,
              Der     *value)
{
  switch (tag)
    {
    case 0x0c:  /* UTF8String */
    case 0x13:  /* PrintableString */
    case 0x14:  /* TeletexString (treated as Latin-1 would be wrong; kept if valid UTF-8) */
    case 0x16:  /* IA5String */
      if (!g_utf8_validate ((const char *) value->data, (gssize) value->length, NULL))
        return FALSE;
      append_escaped (out, (const char *) value->data, value->length);
      return TRUE;

    case 0x1e:  /* BMPString: UCS-2 big-endian */
      {
        g_autofree char *utf8 = NULL;
        g_autofree gunichar2 *units = NULL;
        glong n = (glong) (value->length / 2);

        if (value->length % 2 != 0)
          return FALSE;
        units = g_new (gunichar2, n + 1);
        for (glong i = 0; i < n; i++)
          units[i] = (gunichar2) ((value->data[2 * i] << 8) | value->data[2 * i + 1]);
        utf8 = g_utf16_to_utf8 (units, n, NULL, NULL, NULL);
        if (utf8 == NULL)
          return FALSE;
        append_escaped (out, utf8, strlen (utf8));
        return TRUE;
      }

    default:
      /* Anything else as RFC 4514 hex of the contents. */
      g_string_append_c (out, '#');
      for (gsize i = 0; i < value->length; i++)
        g_string_append_printf (out, "%02x", value->data[i]);
      return TRUE;
    }
}

char *
avs_x509_subject_from_der (const guint8 *der,
                           gsize         length)
{
  g_autoptr(GString) out = NULL;
  Der in = { der, length }, cert, tbs, item, name;
  guint8 tag;

  if (der == NULL)
    return NULL;
  /* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial, signature,
   * issuer, validity, subject, … } … } */
  if (!der_expect (&in, 0x30, &cert) || !der_expect (&cert, 0x30, &tbs))
    return NULL;
  if (!der_next (&tbs, &tag, &item))
    return NULL;
  if (tag == 0xa0 && !der_next (&tbs, &tag, &item))   /* skip the version: now the serial */
    return NULL;
  if (tag != 0x02)
    return NULL;
  if (!der_expect (&tbs, 0x30, &item) ||    /* signature algorithm */
      !der_expect (&tbs, 0x30, &item) ||    /* issuer */
      !der_expect (&tbs, 0x30, &item) ||    /* validity */
      !der_expect (&tbs, 0x30, &name))      /* subject */
    return NULL;

  out = g_string_new (NULL);
  while (name.length > 0)
    {
      Der rdn;
      gboolean first_in_rdn = TRUE;

      if (!der_expect (&name, 0x31, &rdn))
        return NULL;
      while (rdn.length > 0)
        {
          Der atv, oid, value;
          guint8 vtag;
          const char *label = NULL;

          if (!der_expect (&rdn, 0x30, &atv) || !der_expect (&atv, 0x06, &oid) ||
              !der_next (&atv, &vtag, &value))
            return NULL;
          if (out->len > 0)
            g_string_append_c (out, first_in_rdn ? ',' : '+');
          first_in_rdn = FALSE;
          for (guint k = 0; k < G_N_ELEMENTS (known); k++)
            if (oid.length == known[k].length && memcmp (oid.data, known[k].oid, oid.length) == 0)
              label = known[k].name;
          if (label != NULL)
            g_string_append (out, label);
          else
            append_oid (out, &oid);
          g_string_append_c (out, '=');
          if (!append_value (out, vtag, &value))
            return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
avs_x509_subject_from_pem (const char *pem,
                           gsize       length)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  const char *start, *stop;
  g_autofree char *body = NULL;
  g_autofree guint8 *der = NULL;
  gsize der_length = 0;

  if (pem == NULL)
    return NULL;
  start = g_strstr_len (pem, (gssize) length, begin);
  if (start == NULL)
    return NULL;
  start += sizeof begin - 1;
  stop = g_strstr_len (start, (gssize) (length - (start - pem)), end);
  if (stop == NULL)
    return NULL;
  body = g_strndup (start, stop - start);
  /* g_base64_decode_inplace() refuses (a critical) fewer than two characters. */
  if (strlen (body) < 2)
    return NULL;
  /* g_base64_decode_inplace skips whitespace and stops at invalid characters. */
  der = (guint8 *) g_steal_pointer (&body);
  g_base64_decode_inplace ((char *) der, &der_length);
  if (der_length == 0)
    return NULL;
  return avs_x509_subject_from_der (der, der_length);
}
