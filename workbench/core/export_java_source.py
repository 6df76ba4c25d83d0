"""The Java export's source text, with ``@NAME@`` slots that ``export_java`` fills.

Java 8 source level (no ``var``, no ``java.net.http``), only the JDK: ``HttpsURLConnection``, a
``KeyStore.getInstance("PKCS12")`` for the client certificate, and a few lines of JSON reading
(the JDK has no parser). The sign is the guide's ``SignUtils.sign`` (guide 4.3).
"""

JAVA_SOURCE = r"""// Sends one signed request to the WeBank open platform, prints both code layers.
// Made by the WeBank open platform workbench. Save as @CLASS@.java, then:
//   javac @CLASS@.java && java @CLASS@
// Through an HTTP proxy: java -Dhttps.proxyHost=HOST -Dhttps.proxyPort=PORT @CLASS@
// Every run signs anew with a fresh nonce (guide 4.3), so it can run any number of times.
// Each setting below can be replaced by the environment variable named beside it.
// The client certificate is presented through KeyStore.getInstance("PKCS12"): read from the
// .p12 file, or, for PEM files, the certificate and its key put into an in-memory PKCS12
// KeyStore. The key may be PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY",
// opened with the key password) or an unencrypted RSA key ("RSA PRIVATE KEY"). Another form (an
// encrypted "RSA PRIVATE KEY", an "EC PRIVATE KEY"): convert it to PKCS#8 first,
// openssl pkcs8 -topk8 -in client.key -out client-pkcs8.key

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

public class @CLASS@ {
    // --- settings ------------------------------------------------------------------------------
    static final String API_BASE = env(@API_BASE_ENV@, @API_BASE@);
    static final String APP_ID = @APP_ID@;
    static final String VERSION = @VERSION@;
    static final String SYSTEM = @SYSTEM@;
    static final String SERVICE_CODE = @SERVICE_CODE@;
    static final String TYPE = @TYPE@; // null: no type parameter and no type in the sign
    static final String CERT_MODE = @CERT_MODE@; // "pem", "p12" or "none"
    static final String CLIENT_CERT = env(@CLIENT_CERT_ENV@, @CLIENT_CERT@);
    static final String CLIENT_KEY = env(@CLIENT_KEY_ENV@, @CLIENT_KEY@);
    static final String P12_FILE = env(@P12_FILE_ENV@, @P12_FILE@);
    static final String CA_FILE = env(@CA_FILE_ENV@, @CA_FILE@); // "": the JDK's trusted CAs
    // Secrets: read from these variables unless they were filled in at export time.
    static final String TICKET = env(@TICKET_ENV@, @TICKET@);
    static final String KEY_PASSWORD = env(@KEY_PASSWORD_ENV@, @KEY_PASSWORD@);
    static final String P12_PASSWORD = env(@P12_PASSWORD_ENV@, @P12_PASSWORD@);

    /** The exact body text: the sign covers it character for character. */
    static String body() {
        return @BODY@;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value != null ? value : fallback;
    }

    /** The guide's SignUtils.sign (4.3); MessageDigest gives what Guava's Hashing.sha1() gives. */
    public static String sign(List<String> values, String signTicket) throws Exception {
        if (values == null) {
            throw new NullPointerException("values is null");
        }
        values.removeAll(Collections.singleton(null)); // remove null
        values.add(signTicket);
        Collections.sort(values);
        StringBuilder sb = new StringBuilder();
        for (String s : values) {
            sb.append(s);
        }
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] digest = sha1.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02X", b));
        }
        return hex.toString();
    }

    static String nonce() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String enc(String text) throws Exception {
        return URLEncoder.encode(text, "UTF-8");
    }

    // A path segment: URLEncoder writes a space as '+', which in a path is a '+'.
    static String segment(String text) throws Exception {
        return enc(text).replace("+", "%20");
    }

    static SSLContext tlsContext() throws Exception {
        KeyManager[] keys = null;
        if (!"none".equals(CERT_MODE)) {
            char[] password = P12_PASSWORD.toCharArray();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            if ("p12".equals(CERT_MODE)) {
                if (!plainAscii(P12_PASSWORD)) {
                    throw new IllegalArgumentException(P12_FILE + NOT_ASCII
                            + "openssl pkcs12 -in " + P12_FILE + " -out client-p12.pem"
                            + " && openssl pkcs12 -export -in client-p12.pem"
                            + " -out client-ascii.p12");
                }
                try (InputStream in = new FileInputStream(P12_FILE)) {
                    identity.load(in, password);
                } catch (java.io.IOException unopened) {
                    // KeyStore.load: a wrong password is an IOException caused by this
                    if (!(unopened.getCause() instanceof UnrecoverableKeyException)) {
                        throw unopened;
                    }
                    throw new IllegalArgumentException("The password in the variable "
                            + @P12_PASSWORD_ENV@ + " does not open " + P12_FILE + ".");
                }
            } else {
                password = "in-memory".toCharArray();
                identity.load(null, null);
                identity.setKeyEntry("client", pemKey(), password, pemCertificates(CLIENT_CERT));
            }
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, password);
            keys = kmf.getKeyManagers();
        }
        TrustManager[] trust = null;
        if (!CA_FILE.isEmpty()) {
            KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
            cas.load(null, null);
            int i = 0;
            for (Certificate ca : pemCertificates(CA_FILE)) {
                cas.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(cas);
            trust = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return ctx;
    }

    static Certificate[] pemCertificates(String path) throws Exception {
        try (InputStream in = new FileInputStream(path)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            return all.toArray(new Certificate[0]);
        }
    }

    static PrivateKey pemKey() throws Exception {
        byte[] raw = Files.readAllBytes(Paths.get(CLIENT_KEY));
        String text = new String(raw, StandardCharsets.US_ASCII);
        byte[] der;
        if (text.contains("-----BEGIN PRIVATE KEY-----")) {
            der = pemBlock(text, "PRIVATE KEY");
        } else if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            der = decryptKey(pemBlock(text, "ENCRYPTED PRIVATE KEY"));
        } else if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
                && !text.contains("ENCRYPTED")) {
            der = rsaToPkcs8(pemBlock(text, "RSA PRIVATE KEY"));
        } else {
            throw new IllegalArgumentException(CLIENT_KEY + " is not a PKCS#8 or unencrypted RSA"
                    + " PEM key: convert it to PKCS#8 first (see the top).");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (java.security.spec.InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    static byte[] pemBlock(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new IllegalArgumentException(CLIENT_KEY + ": its PEM block has no end line.");
        }
        String base64 = text.substring(start + begin.length(), end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    // The JDK's password-based keys (a PEM key's and a .p12's alike) refuse any character outside
    // ' '..'~' ("Password is not ASCII"), even where the file itself would take it.
    static final String NOT_ASCII = " is protected by a non-ASCII password, which this Java"
            + " cannot open: re-encrypt it with an ASCII one (letters, digits, punctuation,"
            + " spaces), ";

    static boolean plainAscii(String password) {
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) < ' ' || password.charAt(i) > '~') {
                return false;
            }
        }
        return true;
    }

    // PKCS#8 encrypted with a password (OpenSSL's default is PBES2: the JDK names the cipher
    // from its parameters, e.g. PBEWithHmacSHA256AndAES_256).
    static byte[] decryptKey(byte[] der) throws Exception {
        if (KEY_PASSWORD == null || KEY_PASSWORD.isEmpty()) {
            throw new IllegalArgumentException(CLIENT_KEY + " is encrypted: set its password in"
                    + " the variable " + @KEY_PASSWORD_ENV@ + ".");
        }
        if (!plainAscii(KEY_PASSWORD)) {
            throw new IllegalArgumentException(CLIENT_KEY + NOT_ASCII
                    + "openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + CLIENT_KEY
                    + " -out client-pkcs8.key");
        }
        EncryptedPrivateKeyInfo info;
        Cipher cipher;
        try {
            info = new EncryptedPrivateKeyInfo(der);  // parses the cipher's parameters too
            AlgorithmParameters params = info.getAlgParameters();
            String name =
                    "PBES2".equals(info.getAlgName()) ? params.toString() : info.getAlgName();
            SecretKey key = SecretKeyFactory.getInstance(name)
                    .generateSecret(new PBEKeySpec(KEY_PASSWORD.toCharArray()));
            cipher = Cipher.getInstance(name);
            cipher.init(Cipher.DECRYPT_MODE, key, params);
        } catch (java.io.IOException | GeneralSecurityException unsupported) {
            // a cipher this JDK does not read (PBES2 with 3DES, scrypt, ...)
            throw new IllegalArgumentException(CLIENT_KEY + " is encrypted in a way this Java"
                    + " cannot read: convert it, openssl pkcs8 -topk8 -v2 aes-256-cbc -in "
                    + CLIENT_KEY + " -out client-pkcs8.key");
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException wrongPassword) {
            throw new IllegalArgumentException("The password in the variable "
                    + @KEY_PASSWORD_ENV@ + " does not open " + CLIENT_KEY + ".");
        }
    }

    // An "RSA PRIVATE KEY" (PKCS#1) inside the PKCS#8 structure the JDK reads:
    // SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { the key } }
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        byte[] head = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
            (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.write(head, 0, head.length);
        derItem(inner, 0x04, pkcs1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        derItem(outer, 0x30, inner.toByteArray());
        return outer.toByteArray();
    }

    static void derItem(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((n >> (8 * i)) & 0xff);
            }
        }
        out.write(value, 0, n);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        if (TICKET == null) {
            System.err.println("Set the sign ticket in the variable " + @TICKET_ENV@ + ".");
            System.exit(2);
        }
        String body = body();
        String nonce = nonce();
        List<String> values = new ArrayList<String>();
        values.add(APP_ID);
        values.add(VERSION);
        values.add(nonce);
        values.add(TYPE); // once: the guide's 4.4 sample adds type twice, which is a slip
        values.add(body);
        String sign = sign(values, TICKET);
        String query = "app_id=" + enc(APP_ID) + "&nonce=" + nonce + "&version=" + enc(VERSION)
                + "&sign=" + sign + (TYPE != null ? "&type=" + enc(TYPE) : "");
        String base = API_BASE.replaceAll("/+$", "");
        String target = "/api/s/" + segment(SYSTEM) + "/" + segment(SERVICE_CODE);
        URL url = new URL(base + target + "?" + query);
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        try {
            conn.setSSLSocketFactory(tlsContext().getSocketFactory());
        } catch (IllegalArgumentException unusable) {  // a key or certificate, said in a sentence
            System.err.println(unusable.getMessage());
            System.exit(2);
        }
        conn.setConnectTimeout(30000);
        conn.setReadTimeout(30000);
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "application/json;charset=UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        conn.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream sent = conn.getOutputStream()) {
            sent.write(bytes);
        }
        int status = conn.getResponseCode();
        InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        if (in != null) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.write(buffer, 0, n);
            }
            in.close();
        }
        String text = new String(got.toByteArray(), StandardCharsets.UTF_8);
        out.println("HTTP " + status);
        Map<String, Object> answer;
        try {
            answer = Json.object(text);
        } catch (RuntimeException notJson) {
            out.println(text);
            System.exit(1);
            return;
        }
        // Two layers (guide 4.2): the platform's code, then the business CODE inside jsonData.
        out.println("platform code: " + answer.get("code") + " " + or(answer.get("msg")));
        Object data = answer.get("jsonData");
        if (data instanceof String && !((String) data).isEmpty()) {
            try {
                Map<String, Object> business = Json.object((String) data);
                out.println("business CODE: " + business.get("CODE")
                        + " " + or(business.get("DESC")));
            } catch (RuntimeException notJson) {
                out.println("jsonData: " + data);
            }
        }
        out.println("BizSeqNo: " + or(answer.get("BizSeqNo")));
        out.println("ConsumerSeqNo: " + or(answer.get("ConsumerSeqNo")));
        System.exit("60840000".equals(answer.get("code")) ? 0 : 1);
    }

    static String or(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Just enough JSON to read the answer (the JDK has no parser). */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (!(value instanceof Map) || json.i != text.length()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return (Map<String, Object>) value;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            space();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<String, Object>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    space();
                    String key = string();
                    expect(':');
                    map.put(key, value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return map;
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<Object>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return list;
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                if (e == 'n') {
                    sb.append('\n');
                } else if (e == 'r') {
                    sb.append('\r');
                } else if (e == 't') {
                    sb.append('\t');
                } else if (e == 'b') {
                    sb.append('\b');
                } else if (e == 'f') {
                    sb.append('\f');
                } else if (e == 'u') {
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                } else {
                    sb.append(e);
                }
            }
        }
    }
}
"""
