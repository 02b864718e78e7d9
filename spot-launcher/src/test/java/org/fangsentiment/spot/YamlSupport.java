package org.fangsentiment.spot;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Parses user data the way cloud-init does (YAML 1.1, safe types) for assertions. */
final class YamlSupport {

    private YamlSupport() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String cloudConfig) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(cloudConfig);
        if (!(document instanceof Map)) {
            throw new AssertionError("user data is not a YAML mapping: " + cloudConfig);
        }
        return (Map<String, Object>) document;
    }
}
