package org.fangsentiment.wikipedia;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompanyMarkersTest {

    @Test
    void markerWordsMatchAsWholeWordsInAnyCase() {
        assertTrue(CompanyMarkers.marksCompany("American multinational technology company"));
        assertTrue(CompanyMarkers.marksCompany("", "Video streaming SERVICE"));
        assertTrue(CompanyMarkers.marksCompany("one of the Big Five technology companies"));
        assertTrue(CompanyMarkers.marksCompany("a wholly owned subsidiary of Alphabet"));
        assertTrue(CompanyMarkers.marksCompany("social media platform"));
    }

    @Test
    void otherTextDoesNotMatch() {
        assertFalse(CompanyMarkers.marksCompany("River in South America", "Closest planet to the Sun"));
        assertFalse(CompanyMarkers.marksCompany("serviceable companyless platformer"));
        assertFalse(CompanyMarkers.marksCompany((String) null));
    }
}
