package dev.cti.config;

import dev.cti.config.schema.Binder;
import dev.cti.config.schema.Val;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A campaign created or edited in the browser (issue 18): its JSON (the keys of one {@code outbound.campaigns[]} item
 * of the configuration file) is read with the same schema ({@link CampaignSchema#CAMPAIGN}), checked with the same
 * cross-references ({@link CampaignValidator#campaign}) against the running configuration's queues, teams, scripts and
 * wrap-up codes, and mapped the same way. Errors name the field by its key path ({@code retries.busy.count}); an
 * error of the campaign as a whole (neither or both of queue and team) has the empty path.
 */
public final class CampaignDefinition {
    /** The largest definition read (a do-not-call list of some thousand numbers fits). */
    public static final int MAX_CHARS = 256 * 1024;

    private CampaignDefinition() {}

    /** The campaign the JSON object text defines, or every mistake in it at once. */
    public static OutboundConfig.Campaign read(String json, CtiConfig config) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        if (json.length() > MAX_CHARS) {
            throw new ConfigException(List.of(new ConfigError("campaign", 0, "", "is larger than "
                    + MAX_CHARS / 1024 + " KiB")));
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // the binder reports duplicates itself
            options.setMaxAliasesForCollections(0);
            options.setCodePointLimit(MAX_CHARS);
            node = new Yaml(options).compose(new StringReader(json));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigError("campaign", 0, "", "is not a JSON object")));
        }
        Val c = new Binder("campaign", errors).bind(node, CampaignSchema.CAMPAIGN, "");
        if (c.present()) {
            CampaignValidator.campaign(new ConfigValidator(null, null, errors, new ArrayList<>()), c,
                    ids(config.queues(), QueueConfig::id), ids(config.teams(), TeamConfig::id),
                    ids(config.scripts(), ScriptConfig::id), ids(config.wrapUpCodes(), WrapUpCode::code));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return ConfigMapper.campaign(c);
    }

    private static <T> Map<String, Val> ids(List<T> items, Function<T, String> id) {
        return items.stream().map(id).collect(Collectors.toMap(Function.identity(),
                k -> new Val(k, "configuration", 0, k), (a, b) -> a));
    }
}
