package org.fangsentiment.sentiment;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Words that are themselves a favourable judgement, matched on the lower-cased word form: only a phrase that
 * contains one of them can be CoreNLP praise ({@link SentimentRule}). CoreNLP's own leaf scores were tried as the
 * test and rejected: on company descriptions they call "town", "family", "insurance", "local", "electric" and
 * "Swedish" positive (docs/sentiment.md).
 *
 * <p>Written for issue 29 from general English, group by group (the words a reviewer, a critic or a ranking uses to
 * praise), in the spirit of the positive lists of Loughran &amp; McDonald (2011, finance) and Hu &amp; Liu (2004,
 * product reviews), without copying either. Left out on purpose: words of size, age or fame that describe rather
 * than judge ("largest", "leading", "best-known", "famous", "iconic"), and words that name a product or a field as
 * often as they praise ("fine", "quality", "innovation", "premium", "responsible", "creative", "clean", "fresh").
 */
final class OpinionVocabulary {

    /** One documented group. */
    record Group(String name, List<String> words) {}

    static final List<Group> GROUPS = List.of(
            new Group("quality", List.of("excellent", "exceptional", "outstanding", "superb", "superior", "finest",
                    "best", "better", "greatest", "great", "first-class", "world-class", "top-quality",
                    "high-quality", "flawless", "impeccable", "exemplary", "remarkable", "extraordinary",
                    "impressive", "brilliant", "magnificent", "perfect", "ideal", "reliable", "dependable",
                    "safest", "innovative", "pioneering", "ingenious", "elegant", "beautiful", "exquisite",
                    "delicious", "unrivalled", "unrivaled", "unmatched", "unparalleled", "unsurpassed")),
            new Group("esteem", List.of("acclaim", "acclaimed", "praise", "praised", "praising", "admired",
                    "admiration", "renowned", "celebrated", "prestigious", "respected", "esteemed", "beloved",
                    "popular", "favourite", "favorite", "reputable", "distinguished", "hailed", "lauded",
                    "commended", "recommended", "trusted", "prized", "coveted", "sought-after")),
            new Group("success", List.of("successful", "success", "profitable", "thriving", "prosperous",
                    "lucrative", "record-breaking", "best-selling", "bestselling", "award-winning", "prize-winning",
                    "breakthrough", "achievement", "triumph")),
            new Group("satisfaction", List.of("satisfied", "satisfaction", "delighted", "loyal", "glowing",
                    "favourable", "favorable", "positive", "enthusiastic", "desirable")));

    private static final Set<String> WORDS = GROUPS.stream().flatMap(g -> g.words().stream())
            .collect(Collectors.toUnmodifiableSet());

    private OpinionVocabulary() {}

    /** True when {@code word} (any case) is a word of praise. */
    static boolean praises(String word) {
        return WORDS.contains(word.toLowerCase(Locale.ROOT));
    }
}
