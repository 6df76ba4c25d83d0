// The guide's Java code, with the JDK's own classes, for the Python cross-check
// (tests/core/test_core_java.py). One JVM run answers every case in the input file.
//
// Input: one case per line, "OP<TAB>arg<TAB>arg...", each arg the UTF-16BE code units of a Java
// String in hex (so lone surrogates and any character pass through unchanged).
// Output: one line per case, the result in the same hex form, or "ERR:<kind>".
//   SORT    values...          -> the values after Collections.sort, tab-separated
//   SIGN    ticket values...   -> the guide's sign(): drop nulls, add ticket, sort, concat,
//                                 SHA-1 of UTF-8 bytes, upper-case hex (as plain ASCII hex of it)
//   ENC     text               -> URLEncoder.encode(text, UTF-8)
//   DEC     text               -> URLDecoder.decode(text, UTF-8), or ERR:incomplete / ERR:bad
//   CBSIG   plain salt ts      -> SHA-256 of (plain + salt + ts) UTF-8 bytes, lower-case hex

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class CrossCheck {
    static String unhex(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 4 <= hex.length(); i += 4) {
            sb.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
        }
        return sb.toString();
    }

    static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(String.format("%04X", (int) s.charAt(i)));
        }
        return sb.toString();
    }

    static String digest(String algorithm, String text) throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : d) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    // The guide's SignUtils.sign, with MessageDigest in place of Guava's Hashing.
    static String sign(List<String> values, String signTicket) throws NoSuchAlgorithmException {
        values.removeAll(Collections.singleton(null));
        values.add(signTicket);
        Collections.sort(values);
        StringBuilder sb = new StringBuilder();
        for (String s : values) {
            sb.append(s);
        }
        return digest("SHA-1", sb.toString()).toUpperCase();
    }

    static String run(String[] f) throws Exception {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < f.length; i++) {
            args.add(unhex(f[i]));
        }
        switch (f[0]) {
            case "SORT": {
                Collections.sort(args);
                List<String> out = new ArrayList<>();
                for (String a : args) {
                    out.add(hex(a));
                }
                return String.join("\t", out);
            }
            case "SIGN":
                return hex(sign(new ArrayList<>(args.subList(1, args.size())), args.get(0)));
            case "ENC":
                return hex(URLEncoder.encode(args.get(0), "UTF-8"));
            case "DEC":
                try {
                    return hex(URLDecoder.decode(args.get(0), "UTF-8"));
                } catch (IllegalArgumentException e) {
                    String m = String.valueOf(e.getMessage());
                    return m.contains("Incomplete") ? "ERR:incomplete" : "ERR:bad";
                }
            case "CBSIG":
                return hex(digest("SHA-256", args.get(0) + args.get(1) + args.get(2)));
            default:
                return "ERR:unknown-op";
        }
    }

    public static void main(String[] argv) throws Exception {
        try (BufferedReader in = Files.newBufferedReader(Paths.get(argv[0]), StandardCharsets.US_ASCII);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                // split with limit -1 keeps empty trailing args (empty strings)
                out.write(run(line.split("\t", -1)));
                out.write("\n");
            }
        }
    }
}
