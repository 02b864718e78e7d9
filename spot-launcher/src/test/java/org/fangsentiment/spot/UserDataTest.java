package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UserDataTest {

    @Test
    void encodesAsBase64OfUtf8() {
        String text = "#cloud-config\nruncmd:\n- echo ünïcode\n";
        String encoded = UserData.encode(text);
        assertEquals(text, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        assertEquals(text, UserData.decode(encoded));
    }

    @Test
    void acceptsExactly16KiB() {
        String text = "a".repeat(16 * 1024);
        assertEquals(16 * 1024, UserData.decode(UserData.encode(text)).length());
    }

    @Test
    void rejectsOneByteMoreThan16KiBCountedBeforeBase64() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserData.encode("a".repeat(16 * 1024 + 1)));
        assertTrue(e.getMessage().contains("16385 bytes") && e.getMessage().contains("16384"), e.getMessage());
    }

    @Test
    void countsBytesNotCharacters() {
        // 8193 two-byte characters are 16386 bytes.
        assertThrows(IllegalArgumentException.class, () -> UserData.encode("é".repeat(8193)));
    }

    @Test
    void theMergedDocumentIsCheckedToo() {
        String bigScript = "#!/bin/bash\n" + "echo 0123456789abcdef\n".repeat(800);
        String cloudConfig = CloudConfig.builder().shutdownAfterMinutes(55).merge(bigScript).build();
        assertTrue(cloudConfig.length() > UserData.MAX_BYTES);
        assertThrows(IllegalArgumentException.class, () -> UserData.encode(cloudConfig));
    }
}
