package org.fangsentiment.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.fangsentiment.config.PipelineContract;

/**
 * What the pipeline needs of a table item: the company's name and, optionally, the exact
 * Wikipedia article title. Both the producer (before sending) and the consumer (on receipt)
 * validate through {@link #fromJson}, so they agree on what a valid item is.
 *
 * @param name the company: at most {@link #MAX_NAME_LENGTH} characters, with at least one visible
 *     character (a name of only spaces, including Unicode spaces such as U+00A0, and invisible format
 *     characters such as U+200B is blank) and no control character (U+0000 to U+001F, U+007F to
 *     U+009F: no company's name holds one, and they would reach URLs, CSV cells and logs)
 * @param wikipediaTitle the article to use instead of searching by name, when given
 */
public record CompanyItem(String name, Optional<String> wikipediaTitle) {

    /** Longest accepted company name, in characters. */
    public static final int MAX_NAME_LENGTH = 1_000;

    public CompanyItem {
        if (name == null || isBlank(name)) {
            throw new InvalidItemException("'" + PipelineContract.KEY_ATTRIBUTE + "' is missing or blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidItemException("'" + PipelineContract.KEY_ATTRIBUTE + "' is longer than "
                    + MAX_NAME_LENGTH + " characters (" + name.length() + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidItemException(String.format(java.util.Locale.ROOT,
                        "'%s' contains the control character U+%04X at index %d",
                        PipelineContract.KEY_ATTRIBUTE, (int) name.charAt(i), i));
            }
        }
        wikipediaTitle = (wikipediaTitle == null ? Optional.<String>empty() : wikipediaTitle).filter(title -> !title.isBlank()).map(String::strip);
    }

    /** Whether the text has no visible character: only whitespace, Unicode spaces, format and control characters. */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || Character.isISOControl(c));
    }

    /** Reads an item's JSON (the message body); throws {@link InvalidItemException} saying why it is not one. */
    public static CompanyItem fromJson(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new InvalidItemException("the item is not a JSON object but "
                    + (item == null ? "nothing" : item.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode name = item.get(PipelineContract.KEY_ATTRIBUTE);
        if (name == null || name.isNull()) {
            throw new InvalidItemException("'" + PipelineContract.KEY_ATTRIBUTE + "' is missing");
        }
        if (!name.isTextual()) {
            throw new InvalidItemException("'" + PipelineContract.KEY_ATTRIBUTE + "' is not a string but "
                    + name.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode title = item.get(PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE);
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw new InvalidItemException("'" + PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE + "' is not a string");
        }
        return new CompanyItem(name.asText(),
                title == null || title.isNull() ? Optional.empty() : Optional.of(title.asText()));
    }

    /** Why a table item or message body is not a usable company item. */
    public static final class InvalidItemException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidItemException(String reason) {
            super(reason);
        }
    }
}
