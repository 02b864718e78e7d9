package org.fangsentiment.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adverse business events that a movie-review model does not know are adverse ("convicted of fraud", "filed for
 * bankruptcy", "fined by the regulator", "recalled 2 million cars").
 *
 * <p>General vocabulary, not words taken from the dev set: terms of criminal and civil law (wrongdoing, process,
 * sanctions), of insolvency law, of product safety and accidents, of labour relations and of public criticism, the
 * kind listed in the negative category of the Loughran &amp; McDonald (2011) finance word lists. The list was
 * written down before the rule was evaluated on the dev set and has not been tuned on it. Entries follow the LIWC
 * dictionary convention: a trailing {@code *} matches any ending (so each entry covers its inflections and
 * derivations), otherwise the token must match exactly. Matching is case-insensitive on CoreNLP's tokens.
 * Phrasal entries ("laid off") match two consecutive tokens.
 *
 * <p>Documented with sources in {@code docs/sentiment.md}; change both together.
 */
public final class BusinessEventTerms {

    /** Category -> entries. Order is only for documentation. */
    public static final Map<String, List<String>> CATEGORIES = Map.of(
            "wrongdoing (criminal and civil law)", List.of(
                    "fraud*", "brib*", "corrupt*", "embezzl*", "launder*", "cartel*", "price-fixing", "collusion",
                    "misconduct", "mislead*", "misled", "falsif*", "scandal*"),
            "legal process and sanctions", List.of(
                    "convict*", "indict*", "accus*", "allegation*", "alleged*", "guilty", "sued", "lawsuit*",
                    "prosecut*", "sentenced", "fined", "penalt*", "sanction*"),
            "insolvency and financial distress", List.of(
                    "bankrupt*", "insolven*", "liquidat*", "receivership", "defaulted", "collaps*", "delist*",
                    "bailout*"),
            "labour", List.of("layoff*", "laid off", "lay off", "lays off", "laying off"),
            "product safety and accidents", List.of(
                    "recall*", "contaminat*", "spill*", "explosion*", "fatalit*"),
            "public criticism", List.of(
                    "critici*", "controvers*", "boycott*", "protests", "protested", "protesters", "complaint*"));

    private static final List<String[]> ENTRIES = new ArrayList<>();

    static {
        CATEGORIES.values().forEach(list -> list.forEach(e -> ENTRIES.add(e.split(" "))));
    }

    private BusinessEventTerms() {}

    /** Indices of the tokens where an entry starts (for phrasal entries, the first token). */
    public static List<Integer> find(List<String> tokens) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (String[] entry : ENTRIES) {
                if (matches(tokens, i, entry)) {
                    hits.add(i);
                    break;
                }
            }
        }
        return hits;
    }

    private static boolean matches(List<String> tokens, int at, String[] entry) {
        if (at + entry.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < entry.length; k++) {
            if (!matchesWord(tokens.get(at + k).toLowerCase(Locale.ROOT), entry[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesWord(String token, String pattern) {
        return pattern.endsWith("*")
                ? token.startsWith(pattern.substring(0, pattern.length() - 1))
                : token.equals(pattern);
    }
}
