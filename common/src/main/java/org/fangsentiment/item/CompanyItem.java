package org.fangsentiment.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.fangsentiment.config.PipelineConfig;

/**
 * What the pipeline needs of a table item: the company's name and, optionally, the exact
 * Wikipedia article title. Both the producer (before sending) and the consumer (on receipt)
 * validate through {@link #fromJson}, so they agree on what a valid item is.
 *
 * @param name the company, non-blank, at most {@link #MAX_NAME_LENGTH} characters
 * @param wikipediaTitle the article to use instead of searching by name, when given
 */
public record CompanyItem(String name, Optional<String> wikipediaTitle) {

    /** Longest accepted company name, in characters. */
    public static final int MAX_NAME_LENGTH = 1_000;

    public CompanyItem {
        if (name == null || name.isBlank()) {
            throw new InvalidItemException("'" + PipelineConfig.KEY_ATTRIBUTE + "' is missing or blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidItemException("'" + PipelineConfig.KEY_ATTRIBUTE + "' is longer than "
                    + MAX_NAME_LENGTH + " characters (" + name.length() + ")");
        }
        wikipediaTitle = (wikipediaTitle == null ? Optional.<String>empty() : wikipediaTitle).filter(title -> !title.isBlank()).map(String::strip);
    }

    /** Reads an item's JSON (the message body); throws {@link InvalidItemException} saying why it is not one. */
    public static CompanyItem fromJson(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new InvalidItemException("the item is not a JSON object but "
                    + (item == null ? "nothing" : item.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode name = item.get(PipelineConfig.KEY_ATTRIBUTE);
        if (name == null || name.isNull()) {
            throw new InvalidItemException("'" + PipelineConfig.KEY_ATTRIBUTE + "' is missing");
        }
        if (!name.isTextual()) {
            throw new InvalidItemException("'" + PipelineConfig.KEY_ATTRIBUTE + "' is not a string but "
                    + name.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode title = item.get(PipelineConfig.WIKIPEDIA_TITLE_ATTRIBUTE);
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw new InvalidItemException("'" + PipelineConfig.WIKIPEDIA_TITLE_ATTRIBUTE + "' is not a string");
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
