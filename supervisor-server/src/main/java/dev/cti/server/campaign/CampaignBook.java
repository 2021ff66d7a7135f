package dev.cti.server.campaign;

import dev.cti.config.CampaignDefinition;
import dev.cti.config.ConfigError;
import dev.cti.config.ConfigException;
import dev.cti.config.CtiConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.server.store.CampaignDefinitionStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaigns there are (issue 18): the configuration's ({@code outbound.campaigns}, read-only) and those admins
 * created in the browser, stored ({@link CampaignDefinitionStore}) and read with the configuration's own rules
 * ({@link CampaignDefinition}). A stored one that no longer passes them (a queue removed from the configuration) is
 * left out at start-up and logged with its fields.
 */
public final class CampaignBook {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignBook.class);

    private final CtiConfig config;
    private final CampaignDefinitionStore store;
    private final Clock clock;
    private final Consumer<String> added;
    private final Map<String, OutboundConfig.Campaign> defined = new ConcurrentHashMap<>();

    CampaignBook(CtiConfig config, CampaignDefinitionStore store, Clock clock, Consumer<String> added) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.added = added;
    }

    /** Reads the stored campaigns. */
    Future<Void> load() {
        return store.all().map(rows -> {
            for (CampaignDefinitionStore.Stored row : rows) {
                try {
                    put(CampaignDefinition.read(row.definition(), config));
                } catch (ConfigException e) {
                    LOG.warn("stored campaign {} left out: it no longer passes the configuration's checks ({})",
                            row.id(), e.errors().stream().map(x -> x.path().isEmpty() ? "(campaign)" : x.path())
                                    .toList());
                }
            }
            return null;
        });
    }

    /** The configuration's campaigns, then the stored ones by id. */
    public List<OutboundConfig.Campaign> all() {
        List<OutboundConfig.Campaign> out = new ArrayList<>(config.outbound().campaigns());
        defined.values().stream().sorted(Comparator.comparing(OutboundConfig.Campaign::id)).forEach(out::add);
        return out;
    }

    public Optional<OutboundConfig.Campaign> find(String id) {
        return config.outbound().campaign(id).or(() -> Optional.ofNullable(defined.get(id)));
    }

    /** Whether the campaign is the configuration's (read-only in the browser). */
    public boolean configured(String id) {
        return config.outbound().campaign(id).isPresent();
    }

    /** Creates a campaign from its JSON: 400 {@code invalid_campaign} naming the fields, 409 when its id is taken. */
    Future<OutboundConfig.Campaign> create(String json, String by) {
        OutboundConfig.Campaign c = read(json);
        if (find(c.id()).isPresent()) {
            throw new CampaignException(409, "campaign_exists", "a campaign '" + c.id() + "' exists"
                    + (configured(c.id()) ? " in the configuration" : ""));
        }
        return store.create(c.id(), json, by, clock.instant()).compose(created -> created ? Future.succeededFuture(put(c))
                : Future.failedFuture(new CampaignException(409, "campaign_exists", "a campaign '" + c.id()
                + "' exists or was deleted (a deleted campaign's id is not reused: its records keep its history)")));
    }

    /** Replaces a stored campaign: 409 {@code read_only} for the configuration's, 400 when the id would change. */
    Future<OutboundConfig.Campaign> update(String id, String json, String by) {
        if (configured(id)) {
            throw new CampaignException(409, "read_only", "campaign " + id + " is defined in the configuration "
                    + "(conf/campaigns.yaml); change it there");
        }
        if (!defined.containsKey(id)) {
            throw new CampaignException(404, "unknown_campaign", "no such campaign");
        }
        OutboundConfig.Campaign c = read(json);
        if (!c.id().equals(id)) {
            throw new CampaignException(400, "invalid_campaign", "id: a campaign's id does not change (" + id + ")",
                    List.of(new ConfigError("campaign", 0, "id", "a campaign's id does not change (" + id + ")")));
        }
        return store.update(id, json, by, clock.instant()).compose(done -> done ? Future.succeededFuture(put(c))
                : Future.failedFuture(new CampaignException(404, "unknown_campaign", "no such campaign")));
    }

    /**
     * Deletes a campaign created in the browser (soft: its records and figures keep their history, its id is not
     * reused): 409 {@code read_only} for the configuration's, 409 {@code records_in_progress} while an agent holds one
     * of its records, 404 when there is no such campaign.
     */
    Future<Void> delete(String id, String by) {
        if (configured(id)) {
            throw new CampaignException(409, "read_only", "campaign " + id + " is the configuration's: remove it from "
                    + "conf/campaigns.yaml (outbound.campaigns) instead");
        }
        if (!defined.containsKey(id)) {
            throw new CampaignException(404, "unknown_campaign", "no such campaign");
        }
        return store.delete(id, by, clock.instant()).compose(d -> switch (d) {
            case DELETED -> {
                defined.remove(id);
                yield Future.<Void>succeededFuture();
            }
            case IN_PROGRESS -> Future.failedFuture(new CampaignException(409, "records_in_progress", "an agent holds "
                    + "a record of campaign " + id + " now: delete it once the record is ended, skipped or released"));
            case NOT_FOUND -> Future.failedFuture(new CampaignException(404, "unknown_campaign", "no such campaign"));
        });
    }

    private OutboundConfig.Campaign read(String json) {
        try {
            return CampaignDefinition.read(json, config);
        } catch (ConfigException e) {
            ConfigError first = e.errors().get(0);
            throw new CampaignException(400, "invalid_campaign", (first.path().isEmpty() ? "" : first.path() + ": ")
                    + first.message() + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more)" : ""),
                    e.errors());
        }
    }

    private OutboundConfig.Campaign put(OutboundConfig.Campaign c) {
        defined.put(c.id(), c);
        added.accept(c.id());
        return c;
    }
}
