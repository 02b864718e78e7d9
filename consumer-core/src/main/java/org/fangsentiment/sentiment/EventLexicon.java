package org.fangsentiment.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Words for events that make a company's story worse or better, matched by <b>lemma</b> (whole words only, never
 * a prefix): "recalled", "recalls" and "recall" all have the lemma {@code recall}; "accustomed" does not have the
 * lemma {@code accuse}, "collapsible" not {@code collapse}, "spillover" not {@code spill}.
 *
 * <p>Vocabulary chosen from general knowledge, category by category, each with where it comes from (see
 * {@code docs/sentiment.md}); no entry was picked from the labelled texts. Whether a word found in a text is an
 * event at all, or names the company's trade ("fraud-detection software"), is decided by {@link EventDetector}.
 *
 * <p>An entry is a lemma, optionally restricted to a word class ({@code fine/V}: the verb "fined", not the
 * adjective "fine"; {@code /N} nouns, {@code /J} adjectives, {@code /S} superlatives: "worst"), or two lemmas that must follow each other
 * ({@code lay off}, {@code chapter 11}).
 *
 * <p>Beside the hand-written entries, the lexicon loads {@code wordnet-events.tsv}: WordNet 3.1's expansion of
 * documented root senses (the generator, its roots and its stop rule are test-scope: {@code WordNetExpansion});
 * its entries join the category they name, and its "compelled remedy" verbs join {@link EventDetector}'s remedies,
 * which count only when a compelling verb governs them.
 */
public final class EventLexicon {

    /** Which way an event moves the company's story. */
    public enum Side {
        ADVERSE, FAVOURABLE;

        Side opposite() {
            return this == ADVERSE ? FAVOURABLE : ADVERSE;
        }
    }

    /** One documented category. */
    public record Category(String name, Side side, String source, List<String> entries) {}

    /** A matched entry: its category and how many tokens it spans. */
    public record Entry(String term, Category category, char wordClass, String[] lemmas) {}

    public static final List<Category> CATEGORIES = List.of(
            new Category("wrongdoing and financial crime", Side.ADVERSE,
                    "offences of criminal and civil law; Loughran-McDonald negative list",
                    List.of("fraud", "fraudulent", "defraud", "fraudster", "bribe", "bribery", "corrupt/J",
                            "corruption", "embezzle", "embezzlement", "launder/V", "laundering", "kickback",
                            "extortion", "extort", "cartel", "price-fixing", "bid-rigging", "collusion", "collude",
                            "misconduct", "mislead", "deceive", "deception", "deceptive", "falsify", "forgery",
                            "scandal", "ponzi", "theft", "steal", "smuggle", "smuggling", "insider trading",
                            "tax evasion", "cheat", "manipulate/V", "wrongdoing")),
            new Category("legal process and sanctions", Side.ADVERSE,
                    "criminal procedure and regulatory enforcement (antitrust, data protection, safety regulators);"
                            + " Loughran-McDonald negative and litigious lists",
                    List.of("convict", "conviction", "indict", "indictment", "accuse", "allegation", "allege",
                            "guilty", "sue", "lawsuit", "prosecute", "prosecution", "sentence/V", "fine/V",
                            "fine/N", "penalty", "penalize", "penalise", "arrest", "jail", "imprison",
                            "imprisonment", "raid", "violate", "violation", "infringe", "infringement", "ban/V",
                            "revoke", "suspend/V", "breach", "hack/V", "cyberattack", "ban/N", "bar/V", "blacklist/V",
                            "debar")),
            new Category("insolvency and financial distress", Side.ADVERSE,
                    "insolvency law (US Bankruptcy Code chapters, UK Insolvency Act) and corporate finance;"
                            + " Loughran-McDonald negative list",
                    List.of("bankrupt", "bankruptcy", "insolvent", "insolvency", "liquidation", "liquidate/V",
                            "receivership", "default/V", "collapse", "delist", "bailout", "chapter 11",
                            "chapter 7", "loss/N", "lose/V", "write-down", "writedown", "impairment", "plunge",
                            "plummet", "slump", "downgrade", "shortfall", "wipe out", "foreclosure", "foreclose")),
            new Category("labour", Side.ADVERSE,
                    "labour relations (ILO and labour-law vocabulary): job losses, disputes, abuse of workers",
                    List.of("layoff", "lay off", "redundancy", "job cut", "strike/N", "walkout", "lockout",
                            "sweatshop", "discrimination", "discriminate", "harassment", "underpay", "closure/N",
                            "unpaid/J", "slavery", "forced labour", "forced labor", "child labour", "child labor")),
            new Category("accidents, disasters and product safety", Side.ADVERSE,
                    "product-safety notices (recalls, defects) and accident and disaster reporting"
                            + " (transport-safety boards' occurrence categories, industrial accidents, pollution)",
                    List.of("recall", "contaminate", "contamination", "spill", "explosion", "explode", "blast",
                            "fire/N", "blaze", "fatality", "fatal", "kill", "injure", "injury", "derail",
                            "derailment", "collision", "collide", "crash", "leak", "pollute", "pollution", "poison",
                            "poisoning", "outbreak", "disaster", "catastrophe", "accident", "defect", "defective",
                            "faulty", "malfunction", "outage", "ground/V", "sink/V", "capsize", "casualty", "unsafe/J")),
            new Category("enforcement remedies", Side.ADVERSE,
                    "remedies regulators and courts impose (the enforcement powers of consumer, financial and"
                            + " safety regulators: redress, refunds, withdrawal, licence action, undertakings)",
                    List.of("compelled remedy", "redress/N", "restitution", "relabel", "disqualify",
                            "disqualification", "injunction", "probation", "reprimand", "censure", "overcharge",
                            "misselling", "mis-selling", "mis-sell", "overbill")),
            new Category("executives' misconduct", Side.ADVERSE,
                    "offences of officers and directors in company and criminal law (misappropriation,"
                            + " embezzlement, breach of duty) and their sentences",
                    List.of("misappropriation", "misappropriate", "misuse/V", "misuse/N", "siphon/V", "abscond", "trafficking", "illegal/J", "illegally", "unlawful",
                            "unlawfully", "negligence", "negligent")),
            new Category("social and environmental harm", Side.ADVERSE,
                    "harm to tenants, workers, patients and the environment as labour, housing, care and"
                            + " environmental law name it (eviction, forced labour, neglect, withheld wages,"
                            + " illegal dumping)",
                    List.of("evict/V", "neglect", "mistreat", "mistreatment", "maltreatment", "abuse",
                            "withhold/V", "understaffing", "understaffed/J", "dump/V", "toxic/J")),
            new Category("deficiencies", Side.ADVERSE,
                    "WordNet roots only (wordnet-roots.tsv): failing to do what was due, lacking what was needed",
                    List.of()),
            new Category("obligations imposed by authorities", Side.ADVERSE,
                    "issue 29, fourth round: what regulators, courts, owners and boards impose on a company (the"
                            + " enforcement powers of regulators and courts; company law on removing officers): a"
                            + " duty laid on it (\"was required to\", \"forced it to\", \"had to pay\", \"by order of\"),"
                            + " its officers ousted; matched by rules in EventDetector, these entries only name them",
                    List.of("compelled act", "ousted officer")),
            new Category("legal limits exceeded", Side.ADVERSE,
                    "issue 29, fourth round: pollution and safety over legal limits as environmental, food-safety and"
                            + " care regulation state them (above the permitted level, below the legal minimum);"
                            + " matched by a rule in EventDetector",
                    List.of("over limit")),
            new Category("project failures", Side.ADVERSE,
                    "issue 29, fourth round: cost and schedule overruns as project-management and public-audit"
                            + " reports name them",
                    List.of("over budget", "behind schedule", "cost overrun", "overrun/N")),
            new Category("public criticism", Side.ADVERSE,
                    "press and reputation vocabulary; Loughran-McDonald negative list",
                    List.of("criticise", "criticize", "criticism", "controversy", "controversial", "boycott",
                            "protest", "complaint", "condemn", "backlash", "outrage", "blame", "denounce",
                            "bad/S")),
            new Category("awards and recognition", Side.FAVOURABLE,
                    "honours and prizes as the press reports them; Loughran-McDonald positive list",
                    List.of("award", "award-winning", "prize", "prize-winning", "honour", "honor", "accolade",
                            "medal", "laureate", "trophy", "win", "acclaim", "acclaimed", "praise", "commend",
                            "hail/V", "laud", "celebrated/J", "renowned", "prestigious", "admire", "beloved",
                            "outstanding", "excellent", "best-selling", "bestselling", "credit with",
                            "recommend/V", "endorse/V", "applaud")),
            new Category("success, records and rescues", Side.FAVOURABLE,
                    "growth and achievement (Loughran-McDonald positive list), records and rescues",
                    List.of("success", "successful", "profitable", "thrive", "flourish", "record-breaking",
                            "breakthrough", "rescue", "milestone")));

    /** The generated WordNet list on the classpath (lemma, POS, category, root sense per line). */
    static final String WORDNET_RESOURCE = "/org/fangsentiment/sentiment/wordnet-events.tsv";

    /** The pseudo-category of the WordNet list whose verbs are remedies, counted only when compelled. */
    static final String COMPELLED_REMEDY = "compelled remedy";

    private static final Map<String, List<Entry>> BY_FIRST_LEMMA = new HashMap<>();

    /** Generated entries, in file order: lemma/POS and category. */
    static final List<Entry> WORDNET_ENTRIES = new ArrayList<>();

    /** Verbs of the WordNet list's "compelled remedy" roots ("refund", "repay", "compensate"). */
    static final Set<String> WORDNET_REMEDY_VERBS = new HashSet<>();

    static {
        for (Category c : CATEGORIES) {
            for (String e : c.entries()) {
                String term = e;
                char wordClass = '*';
                int slash = e.indexOf('/');
                if (slash > 0) {
                    term = e.substring(0, slash);
                    wordClass = e.charAt(slash + 1);
                }
                add(new Entry(term, c, wordClass, term.split(" ")));
            }
        }
        loadWordNet();
    }

    private static void add(Entry entry) {
        BY_FIRST_LEMMA.computeIfAbsent(entry.lemmas()[0], k -> new ArrayList<>()).add(entry);
    }

    private static void loadWordNet() {
        Map<String, Category> byName = new HashMap<>();
        CATEGORIES.forEach(c -> byName.put(c.name(), c));
        try (InputStream in = EventLexicon.class.getResourceAsStream(WORDNET_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + WORDNET_RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[2].equals(COMPELLED_REMEDY)) {
                    WORDNET_REMEDY_VERBS.add(f[0]);
                    continue;
                }
                Category c = byName.get(f[2]);
                if (c == null) {
                    throw new IllegalStateException("unknown category in " + WORDNET_RESOURCE + ": " + line);
                }
                Entry e = new Entry(f[0], c, f[1].charAt(0), f[0].split(" "));
                WORDNET_ENTRIES.add(e);
                add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EventLexicon() {}

    /**
     * The entry matching at {@code at}, or null: {@code lemma} is the lemma to look up there (a whole token or one
     * part of a hyphenated token), {@code tag} its Penn tag; multi-word entries also need the following tokens'
     * lemmas.
     */
    static Entry match(String lemma, String tag, List<String> lemmas, int at) {
        List<Entry> candidates = BY_FIRST_LEMMA.get(lemma.toLowerCase(Locale.ROOT));
        if (candidates == null) {
            return null;
        }
        Entry best = null;
        for (Entry e : candidates) {
            if (!classMatches(e.wordClass(), tag)) {
                continue;
            }
            if (e.lemmas().length > 1 && !followedBy(lemmas, at, e.lemmas())) {
                continue;
            }
            if (best == null || e.lemmas().length > best.lemmas().length) {
                best = e;
            }
        }
        return best;
    }

    private static boolean followedBy(List<String> lemmas, int at, String[] entry) {
        if (at + entry.length > lemmas.size()) {
            return false;
        }
        for (int k = 1; k < entry.length; k++) {
            if (!lemmas.get(at + k).equalsIgnoreCase(entry[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean classMatches(char wordClass, String tag) {
        return switch (wordClass) {
            case 'V' -> tag.startsWith("VB");
            case 'N' -> tag.startsWith("NN");
            case 'J' -> tag.startsWith("JJ");
            case 'S' -> tag.equals("JJS") || tag.equals("RBS"); // superlative: "worst" (lemma bad), not "bad"
            default -> true;
        };
    }
}
