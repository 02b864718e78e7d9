package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsColumnsAndPrintsNullsAsDashes() {
        String text = Table.withHeader("ID", "STATE").row("i-0abcdef", "running").row("i-1", null).render();
        assertEquals("ID         STATE\ni-0abcdef  running\ni-1        -\n", text);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> Table.withHeader("A", "B").row("only one"));
    }
}
