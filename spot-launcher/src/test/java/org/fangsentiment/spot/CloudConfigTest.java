package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudConfigTest {

    @Test
    void firstLineIsExactlyTheCloudConfigHeader() {
        String text = CloudConfig.builder().shutdownAfterMinutes(55).build();
        assertEquals("#cloud-config", text.lines().findFirst().orElseThrow());
        assertTrue(text.startsWith("#cloud-config\n"), "no leading blank line or BOM");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 55, 10080})
    void schedulesTheShutdownAsTheFirstRuncmd(int minutes) {
        Map<String, Object> yaml = YamlSupport.parse(CloudConfig.builder().shutdownAfterMinutes(minutes).build());
        assertEquals(List.of("shutdown -h +" + minutes), yaml.get("runcmd"));
        assertEquals(1, yaml.size(), "nothing else without user data: " + yaml);
    }

    @Test
    void requiresTheShutdown() {
        assertThrows(IllegalStateException.class, () -> CloudConfig.builder().build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10081})
    void rejectsDurationsOutsideOneMinuteToOneWeek(int minutes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(minutes));
        assertTrue(e.getMessage().contains("between 1 and 10080"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergesAShellScriptAsAFileRunAfterTheShutdownIsScheduled() {
        String script = "#!/bin/bash\nset -euo pipefail\necho \"job: $HOSTNAME\" > /tmp/out\n  indented: yes\n";
        String text = CloudConfig.builder().shutdownAfterMinutes(30).merge(script).build();
        assertEquals("#cloud-config", text.lines().findFirst().orElseThrow());
        Map<String, Object> yaml = YamlSupport.parse(text);
        assertEquals(List.of("shutdown -h +30", CloudConfig.USER_SCRIPT_PATH), yaml.get("runcmd"));
        List<Map<String, Object>> files = (List<Map<String, Object>>) yaml.get("write_files");
        assertEquals(1, files.size());
        assertEquals(CloudConfig.USER_SCRIPT_PATH, files.get(0).get("path"));
        assertEquals("0755", files.get(0).get("permissions"), "a string, not the octal number 493");
        assertEquals(script, files.get(0).get("content"), "script survives the YAML round trip byte for byte");
        assertTrue(text.contains("content: |"), "scripts are written as readable literal blocks:\n" + text);
    }

    @Test
    void addsAMissingFinalNewlineToTheScript() {
        Map<String, Object> yaml = YamlSupport.parse(CloudConfig.builder().shutdownAfterMinutes(5)
                .merge("#!/bin/sh\necho hi").build());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) yaml.get("write_files");
        assertEquals("#!/bin/sh\necho hi\n", files.get(0).get("content"));
    }

    @Test
    void mergesACloudConfigKeepingItsKeysAndRunningItsRuncmdAfterTheShutdown() {
        String user = """
                #cloud-config
                package_update: true
                packages: [htop, jq]
                ssh_pwauth: no
                write_files:
                  - path: /etc/job.conf
                    content: "threads=4"
                runcmd:
                  - echo first
                  - [sh, -c, "echo second"]
                """;
        String text = CloudConfig.builder().shutdownAfterMinutes(120).merge(user).build();
        assertEquals("#cloud-config", text.lines().findFirst().orElseThrow());
        Map<String, Object> yaml = YamlSupport.parse(text);
        assertEquals(List.of("shutdown -h +120", "echo first", List.of("sh", "-c", "echo second")), yaml.get("runcmd"));
        assertEquals(true, yaml.get("package_update"));
        assertEquals(List.of("htop", "jq"), yaml.get("packages"));
        assertEquals(false, yaml.get("ssh_pwauth"), "YAML 1.1 'no' keeps its boolean meaning, as PyYAML reads it");
        assertEquals(List.of(Map.of("path", "/etc/job.conf", "content", "threads=4")), yaml.get("write_files"));
    }

    @Test
    void keepsStringsThatLookLikeBooleansAsStrings() {
        String text = CloudConfig.builder().shutdownAfterMinutes(10)
                .merge("#cloud-config\nbootcmd:\n  - 'yes'\n  - \"0755\"\n").build();
        assertEquals(List.of("yes", "0755"), YamlSupport.parse(text).get("bootcmd"));
    }

    @Test
    void mergesAnEmptyCloudConfig() {
        Map<String, Object> yaml = YamlSupport.parse(CloudConfig.builder().shutdownAfterMinutes(7).merge("#cloud-config\n").build());
        assertEquals(Map.of("runcmd", List.of("shutdown -h +7")), yaml);
    }

    @Test
    void acceptsWindowsLineEndings() {
        Map<String, Object> yaml = YamlSupport.parse(CloudConfig.builder().shutdownAfterMinutes(7)
                .merge("#cloud-config\r\nruncmd:\r\n  - echo hi\r\n").build());
        assertEquals(List.of("shutdown -h +7", "echo hi"), yaml.get("runcmd"));
    }

    @Test
    void rejectsACloudConfigAfterABlankLineTheOriginalBug() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(5).merge("\n#cloud-config\nruncmd: []\n").build());
        assertTrue(e.getMessage().contains("blank line"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"#include\nhttps://example.invalid/x", "Content-Type: multipart/mixed; boundary=x\n", "echo hi\n", ""})
    void rejectsOtherKindsOfUserData(String userData) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(5).merge(userData).build());
        assertTrue(e.getMessage().contains("#cloud-config") && e.getMessage().contains("#!"), e.getMessage());
    }

    @Test
    void rejectsInvalidYamlClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(5).merge("#cloud-config\nruncmd: [unclosed\n").build());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void rejectsACloudConfigThatIsNotAMappingOrHasAScalarRuncmd() {
        assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(5).merge("#cloud-config\n- a\n- b\n").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudConfig.builder().shutdownAfterMinutes(5).merge("#cloud-config\nruncmd: echo hi\n").build());
        assertTrue(e.getMessage().contains("must be a list"), e.getMessage());
    }

    @Test
    void aUserRuncmdCannotRemoveOrPrecedeTheShutdown() {
        String text = CloudConfig.builder().shutdownAfterMinutes(9)
                .merge("#cloud-config\nruncmd:\n  - shutdown -c\n").build();
        @SuppressWarnings("unchecked")
        List<Object> runcmd = (List<Object>) YamlSupport.parse(text).get("runcmd");
        assertEquals("shutdown -h +9", runcmd.get(0));
        assertFalse(text.lines().skip(1).anyMatch(l -> l.equals("#cloud-config")), "one document only");
    }
}
