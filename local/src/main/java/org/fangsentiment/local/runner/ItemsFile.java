package org.fangsentiment.local.runner;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.item.ItemJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code --items} file: a JSON array of table items (plain JSON objects, as in
 * {@code events/fang-items.json}), read with the pipeline's strict mapper (exact numbers, no
 * duplicate keys). A file that is not such an array, or an item without a non-empty string
 * {@code name} (the table's key, which DynamoDB requires), or two items with the same name, is
 * refused with the file, line and reason. Anything else about an item (a name that is too long, an
 * odd {@code wikipedia_title}) is left for the producer to judge: it counts such items invalid.
 */
public final class ItemsFile {

    /** The bundled default: the five FANG companies, a copy of {@code events/fang-items.json}. */
    public static final String SAMPLE_RESOURCE = "/sample/fang-items.json";
    /** The {@code --items} value that puts nothing and uses what the table holds. */
    public static final String NONE = "none";

    /** The strict mapper, reading one array element at a time (the rest of the array is not "trailing"). */
    private static final ObjectReader ONE_VALUE = ItemJson.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ItemsFile() {
    }

    /**
     * The items for the {@code --items} value: {@code null} for the bundled sample, {@code none}
     * for no items (empty result), else a file path.
     */
    public static Optional<List<Map<String, AttributeValue>>> forOption(String option) {
        if (option == null) {
            try (InputStream in = ItemsFile.class.getResourceAsStream(SAMPLE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("The bundled sample " + SAMPLE_RESOURCE + " is missing from the jar");
                }
                return Optional.of(parse(in, "the bundled sample"));
            } catch (IOException e) {
                throw new IllegalStateException("Reading the bundled sample failed", e);
            }
        }
        if (NONE.equals(option.trim().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(read(Path.of(option)));
    }

    /** Reads and checks an items file. */
    public static List<Map<String, AttributeValue>> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new RunnerException("Items file " + file + " does not exist");
        } catch (IOException e) {
            throw new RunnerException("Items file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static List<Map<String, AttributeValue>> parse(InputStream in, String name) throws IOException {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        try (JsonParser parser = ItemJson.MAPPER.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw bad(name, parser.currentTokenLocation(), first == null
                        ? "the file is empty; it must hold a JSON array of items"
                        : "it must hold a JSON array of items, but starts with " + describe(first));
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw bad(name, parser.currentLocation(), "the array is not closed");
                }
                JsonLocation at = parser.currentTokenLocation();
                int number = items.size() + 1;
                if (token != JsonToken.START_OBJECT) {
                    throw bad(name, at, "item " + number + " is " + describe(token) + ", not a JSON object");
                }
                JsonNode item = ONE_VALUE.readTree(parser);
                JsonNode key = item.get(PipelineContract.KEY_ATTRIBUTE);
                if (key == null || !key.isTextual() || key.asText().isEmpty()) {
                    throw bad(name, at, "item " + number + " has no '" + PipelineContract.KEY_ATTRIBUTE
                            + "' (a non-empty string: the table's key)");
                }
                Integer earlier = lineOfName.putIfAbsent(key.asText(), at.getLineNr());
                if (earlier != null) {
                    throw bad(name, at, "item " + number + " repeats the name of the item on line " + earlier);
                }
                items.add(ItemJson.toItem(item));
            }
            if (parser.nextToken() != null) {
                throw bad(name, parser.currentTokenLocation(), "there is more after the array's end");
            }
        } catch (JsonProcessingException e) {
            throw bad(name, e.getLocation(), e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"));
        }
        return items;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static RunnerException bad(String name, JsonLocation at, String reason) {
        String where = at == null || at.getLineNr() < 0 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new RunnerException("Bad items file " + name + where + ": " + reason);
    }
}
