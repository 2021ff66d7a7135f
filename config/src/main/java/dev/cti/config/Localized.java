package dev.cti.config;

import java.util.Map;

/**
 * A text in each supported language. Both {@code zh-CN} and {@code en} are required by the loader.
 */
public record Localized(Map<String, String> byLanguage) {

    public static final String ZH_CN = "zh-CN";
    public static final String EN = "en";
    public static final java.util.List<String> LANGUAGES = java.util.List.of(ZH_CN, EN);

    public Localized {
        byLanguage = Map.copyOf(byLanguage);
    }

    public static Localized of(String zhCn, String en) {
        return new Localized(Map.of(ZH_CN, zhCn, EN, en));
    }

    /** The text in {@code language}, falling back to zh-CN, then English. */
    public String get(String language) {
        String text = byLanguage.get(language);
        if (text == null) {
            text = byLanguage.getOrDefault(ZH_CN, byLanguage.get(EN));
        }
        return text;
    }
}
