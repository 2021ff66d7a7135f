package dev.cti.config;

/**
 * Facts about the contact center itself.
 *
 * @param company     the company name said in greetings ({@code {company}} in scripts)
 * @param defaultLanguage language used where an agent or queue names none ({@code zh-CN} or {@code en})
 * @param timeZone    IANA zone used for holidays and daily reports, e.g. {@code Asia/Shanghai}
 */
public record SiteConfig(Localized company, String defaultLanguage, String timeZone) {}
