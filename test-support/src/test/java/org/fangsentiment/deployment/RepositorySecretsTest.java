package org.fangsentiment.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No credentials and no real AWS account IDs in the repository: every project file (what
 * {@code git ls-files} lists, tracked or new, see {@link RepositoryFiles}) is scanned. The only
 * account ID allowed is {@value #FAKE_ACCOUNT}, the placeholder that LocalStack and the tests use
 * in ARNs; the emulators' credentials ({@code test}, {@code probe}) are not secrets and do not
 * match the patterns below.
 */
class RepositorySecretsTest {

    /** The emulators' and tests' placeholder account, which no real account can have. */
    static final String FAKE_ACCOUNT = "000000000000";

    /**
     * What a leaked credential looks like. The patterns are written so that this file does not
     * match them itself.
     */
    static final Map<String, Pattern> SECRETS = Map.of(
            "AWS access key ID", Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"),
            "AWS secret access key", Pattern.compile(
                    "(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])"),
            "AWS session token", Pattern.compile("(?i)aws_?session_?token[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+=]{100,}"),
            "private key", Pattern.compile("-{5}BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-{5}"),
            "GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\\b"));

    /** Twelve digits standing alone: an account ID (or something that must be checked like one). */
    static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

    /** A UUID's last group is 12 hex digits; all-decimal ones (the nil UUID) are not account IDs. */
    private static final Pattern UUID_TAIL = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-$");

    /** Binary files we keep on purpose; everything else must be UTF-8 text. */
    private static final Set<String> BINARY_EXTENSIONS = Set.of(".jar", ".png", ".jpg", ".gif", ".ico", ".gz", ".zip");

    @Test
    void noSecretsAndNoAccountIdsInAnyProjectFile() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> files = RepositoryFiles.projectFiles();
        assertTrue(files.size() > 100, "the scan must see the whole repository, saw " + files.size() + " files");
        assertTrue(files.contains(Path.of("template.yaml")) && files.contains(Path.of("pom.xml")), files.toString());
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (BINARY_EXTENSIONS.stream().anyMatch(name::endsWith)) {
                continue;
            }
            String text = text(root.resolve(file));
            if (text == null) {
                findings.add(file + ": not UTF-8 text (list its extension as binary, or fix it)");
                continue;
            }
            scanned++;
            findings.addAll(scan(file.toString(), text));
        }
        assertTrue(scanned > 100, "scanned " + scanned);
        assertEquals(List.of(), findings);
    }

    /** The scanner finds what it must find: samples built at run time, so this file holds none. */
    @Test
    void theScannerRecognisesEachKindOfSecret() {
        String key = "AK" + "IA" + "Q3EGRIVJ7HZ2X4KD";
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        String account = "1234" + "5678" + "9012";
        assertEquals(1, scan("f", "id = " + key).size());
        assertEquals(1, scan("f", "AS" + "IA" + "Q3EGRIVJ7HZ2X4KD").size());
        assertEquals(1, scan("f", "aws_secret_access_key = " + secret).size());
        assertEquals(1, scan("f", "\"AWS_SECRET_ACCESS_KEY\": \"" + secret + "\"").size());
        assertEquals(1, scan("f", "-----" + "BEGIN RSA PRIVATE KEY" + "-----\nMIIE...").size());
        assertEquals(1, scan("f", "-----" + "BEGIN OPENSSH PRIVATE KEY" + "-----").size());
        assertEquals(1, scan("f", "-----" + "BEGIN PRIVATE KEY" + "-----").size());
        assertEquals(1, scan("f", "ghp_" + "a".repeat(36)).size());
        assertEquals(1, scan("f", "arn:aws:iam::" + account + ":role/x").size());
        assertEquals(1, scan("f", "Account: " + account).size());

        // Not secrets: the emulators' credentials, the fake account, the nil UUID, longer numbers.
        assertEquals(List.of(), scan("f", "AWS_SECRET_ACCESS_KEY=test aws.secretAccessKey probe"));
        assertEquals(List.of(), scan("f", "arn:aws:lambda:us-east-1:" + FAKE_ACCOUNT + ":function:test"));
        assertEquals(List.of(), scan("f", "\"tid\": \"00000000-0000-0000-0000-" + "000000000000\""));
        assertEquals(List.of(), scan("f", "1736920800000 and 0.123456789012345"));
        assertEquals(List.of(), scan("f", "AKIA is the prefix of long-term key IDs"));
    }

    /** Findings in one file's text, with line numbers; secret values are not repeated in full. */
    static List<String> scan(String file, String text) {
        List<String> findings = new ArrayList<>();
        SECRETS.forEach((kind, pattern) -> {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                findings.add(file + ":" + line(text, m.start()) + ": " + kind + " (" + redact(m.group()) + ")");
            }
        });
        Matcher id = ACCOUNT_ID.matcher(text);
        while (id.find()) {
            if (id.group().equals(FAKE_ACCOUNT) || decimalPoint(text, id.start())) {
                continue;
            }
            if (UUID_TAIL.matcher(text.substring(Math.max(0, id.start() - 24), id.start())).find()) {
                continue;
            }
            findings.add(file + ":" + line(text, id.start()) + ": 12-digit number, an AWS account ID? (" + id.group() + ")");
        }
        return findings;
    }

    // Digits after a decimal point are a fraction, not an ID.
    private static boolean decimalPoint(String text, int start) {
        return start >= 2 && text.charAt(start - 1) == '.' && Character.isDigit(text.charAt(start - 2));
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String redact(String match) {
        return match.length() <= 8 ? match : match.substring(0, 8) + "...";
    }

    /** The file as UTF-8 text, or null when it is not. */
    private static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
