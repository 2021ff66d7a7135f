package dev.cti.config;

import static dev.cti.config.schema.Field.optional;
import static dev.cti.config.schema.Field.required;
import static dev.cti.config.schema.Field.withDefault;

import dev.cti.config.schema.Field;
import dev.cti.config.schema.Type;
import dev.cti.config.schema.Type.ListOf;
import dev.cti.config.schema.Type.MapOf;
import dev.cti.config.schema.Type.Obj;
import dev.cti.config.schema.Types;
import java.util.List;
import java.util.Map;

/**
 * The schema of every configuration file: keys, types, defaults and documentation, in one place.
 * {@link ConfigLoader} reads against it and {@link ConfigReference} renders docs/CONFIG.md from it, so
 * the reference cannot drift from what the loader accepts.
 */
public final class ConfigSchema {
    private ConfigSchema() {}

    static final Type.Scalar LANGUAGE = Types.oneOf(Localized.ZH_CN, Localized.EN);

    static Obj localized(String what) {
        return new Obj("localized text", what + " in each language",
                List.of(required(Localized.ZH_CN, Types.text(), "Chinese (Simplified) text"),
                        required(Localized.EN, Types.text(), "English text")));
    }

    static Obj localizedTemplate(String what) {
        Type.Scalar t = Types.template(ScriptVariables.NAMES);
        return new Obj("localized template", what + " in each language; may use "
                + String.join(" ", ScriptVariables.NAMES.stream().map(n -> "{" + n + "}").toList()),
                List.of(required(Localized.ZH_CN, t, "Chinese (Simplified) template"),
                        required(Localized.EN, t, "English template")));
    }

    public static final Obj SITE = new Obj("site", "The contact center itself.", List.of(
            required("company", localized("company name"), "Company name said in greetings ({company})."),
            withDefault("defaultLanguage", LANGUAGE, Localized.ZH_CN,
                    "Language of agents and queues that name none."),
            withDefault("timeZone", Types.text(), "Asia/Shanghai",
                    "IANA time zone for holidays and daily figures.")));

    static final Obj HTTPS = new Obj("HTTPS listener", "The supervisor server's HTTPS listener (docs/SECURITY.md).",
            List.of(withDefault("host", Types.host(), "127.0.0.1",
                            "Address to bind; 0.0.0.0 (or this machine's address) serves other machines."),
                    withDefault("port", Types.port(), 8443, "REST, WebSocket (wss), wallboard and /metrics over TLS."),
                    optional("certFile", Types.text(), "PEM certificate (chain, leaf first), relative to the "
                            + "configuration directory; without it the certificate generated in storage.dataDir/pki "
                            + "is used (its SHA-256 fingerprint is printed at start)."),
                    optional("keyFile", Types.text(), "PEM private key of certFile (required with it)."),
                    withDefault("names", new ListOf(Types.host(), 0), List.of(),
                            "Extra DNS names and IP addresses the generated certificate is valid for (what browsers "
                                    + "and seats on other machines type); localhost, 127.0.0.1, ::1 and host always.")));

    static final Obj LOGIN = new Obj("login protection", "Back-off and lockout of POST /api/login, and the PBKDF2 "
            + "pool (docs/SECURITY.md, \"Login\"). A locked user name or address gets 429 with Retry-After, right "
            + "password or not.", List.of(
            withDefault("maxFailuresPerUser", Types.integer(1, 1000), NetworkConfig.Login.DEFAULTS.maxFailuresPerUser(),
                    "Failed logins of one user name within failureWindowSeconds that lock it."),
            withDefault("maxFailuresPerAddress", Types.integer(1, 100_000),
                    NetworkConfig.Login.DEFAULTS.maxFailuresPerAddress(),
                    "Failed logins from one address within the window that lock the address (higher than per user: "
                            + "a whole office may share one address)."),
            withDefault("failureWindowSeconds", Types.integer(1, 86_400),
                    NetworkConfig.Login.DEFAULTS.failureWindowSeconds(), "Failures older than this are forgotten."),
            withDefault("lockoutSeconds", Types.integer(1, 86_400), NetworkConfig.Login.DEFAULTS.lockoutSeconds(),
                    "The first lockout; each further lockout of the same name or address doubles it."),
            withDefault("maxLockoutSeconds", Types.integer(1, 604_800), NetworkConfig.Login.DEFAULTS.maxLockoutSeconds(),
                    "The longest lockout (at least lockoutSeconds)."),
            withDefault("hashThreads", Types.integer(1, 64), NetworkConfig.Login.DEFAULTS.hashThreads(),
                    "Threads that check passwords (PBKDF2), a pool of their own: a burst of logins at shift start "
                            + "is served in parallel and a flood cannot starve other work."),
            withDefault("maxWaiting", Types.integer(1, 100_000), NetworkConfig.Login.DEFAULTS.maxWaiting(),
                    "Logins waiting for a thread beyond which new ones get 503 with Retry-After.")));

    static final Obj SESSIONS = new Obj("sessions", "Bearer sessions (docs/SECURITY.md, \"Sessions\"): kept in the "
            + "database as SHA-256 hashes, so they survive a restart.", List.of(
            withDefault("ttlHours", Types.integer(1, 168), NetworkConfig.Sessions.DEFAULTS.ttlHours(),
                    "A token works this long after login; then REST answers 401 and its WebSockets are closed."),
            withDefault("maxSocketsPerSession", Types.integer(1, 100_000),
                    NetworkConfig.Sessions.DEFAULTS.maxSocketsPerSession(),
                    "WebSockets one token may hold open at once; one more is refused (429)."),
            withDefault("socketBufferKilobytes", Types.integer(16, 65_536),
                    NetworkConfig.Sessions.DEFAULTS.socketBufferKilobytes(),
                    "Pushes waiting to be sent to one WebSocket beyond which the client is dropped as too slow "
                            + "(close code 1008): a client that stops reading cannot make the server hold its events.")));

    static final Obj SERVER = new Obj("server listener", "The supervisor server's listeners.", List.of(
            withDefault("host", Types.host(), "127.0.0.1",
                    "Address of the plain-HTTP listener: a loopback address only (127.0.0.1, ::1, localhost); "
                            + "other machines use https."),
            withDefault("httpPort", Types.port(), 8080, "Plain HTTP for this machine: REST, WebSocket, wallboard and /metrics."),
            withDefault("allowedOrigins", new ListOf(Types.text(), 0), List.of(),
                    "Extra Origins accepted on WebSocket upgrades (the server's own is always accepted)."),
            withDefault("https", HTTPS, Map.of(), "HTTPS listener."),
            withDefault("login", LOGIN, Map.of(), "Password-guessing protection of POST /api/login."),
            withDefault("sessions", SESSIONS, Map.of(), "Bearer sessions and their WebSockets."),
            withDefault("customerLookupsPerMinute", Types.integer(1, 100_000),
                    NetworkConfig.Server.DEFAULT_CUSTOMER_LOOKUPS_PER_MINUTE,
                    "GET /api/customers/{number} per user per minute; beyond it 429 with Retry-After (each look-up "
                            + "is audited)."),
            withDefault("requestTimeoutSeconds", Types.integer(1, 3600),
                    NetworkConfig.Server.DEFAULT_REQUEST_TIMEOUT_SECONDS,
                    "A REST request not answered within this gets 503 timeout (the WebSocket and recording audio "
                            + "streams are exempt): a stuck database or gateway cannot hold requests open.")));

    static final Obj REGISTRAR = new Obj("registrar protections",
            "Against password guessing and contact flooding (docs/SECURITY.md, \"SIP and media\").", List.of(
            withDefault("maxBindingsPerExtension", Types.integer(1, 100), NetworkConfig.Registrar.DEFAULTS
                            .maxBindingsPerExtension(),
                    "Contacts one extension may have registered at once; a REGISTER adding one more gets 403."),
            withDefault("lockoutFailures", Types.integer(1, 1000), NetworkConfig.Registrar.DEFAULTS.lockoutFailures(),
                    "Failed digest authentications of one extension within lockoutWindowSeconds that lock it."),
            withDefault("lockoutWindowSeconds", Types.integer(1, 86_400),
                    NetworkConfig.Registrar.DEFAULTS.lockoutWindowSeconds(), "The window failures are counted in."),
            withDefault("lockoutSeconds", Types.integer(1, 86_400), NetworkConfig.Registrar.DEFAULTS.lockoutSeconds(),
                    "How long a locked extension is refused (403), right password or not; the server audits the "
                            + "lockout and shows it on the wallboard.")));

    static final Obj SIP_TLS = new Obj("SIP over TLS", "SIP over TLS for phones and trunks, and SRTP (SDES keys, "
            + "RFC 4568) on every leg whose SIP is TLS (docs/SECURITY.md, \"SIP and media\"). Keys are never offered "
            + "or accepted over plain UDP/TCP SIP.", List.of(
            withDefault("port", Types.port(), 5061, "TLS port for phones and trunks; 0 disables TLS (and SRTP)."),
            optional("certFile", Types.text(), "PEM certificate (chain, leaf first), relative to the configuration "
                    + "directory; without it the certificate generated in storage.dataDir/pki (sip-tls/) by the site CA "
                    + "is used: phones trust that CA (storage.dataDir/pki/ca/cert.pem)."),
            optional("keyFile", Types.text(), "PEM private key of certFile (required with it)."),
            withDefault("names", new ListOf(Types.host(), 0), List.of(),
                    "Extra DNS names and IP addresses the generated certificate is valid for (what phones dial); "
                            + "localhost, 127.0.0.1, ::1, sip.host and sip.domain always."),
            withDefault("srtp", Types.oneOf("required", "optional"), "required",
                    "On TLS legs: required refuses plain RTP/AVP offers (488); optional answers them in plain RTP (a TLS "
                            + "trunk without SRTP). Our own offers on TLS legs are always RTP/SAVP.")));

    static final Obj SIP_WS = new Obj("SIP over WebSocket", "SIP over WebSocket (RFC 7118) for the browser phone in "
            + "the desk page (JsSIP): off unless a port is set. WSS presents the SIP TLS certificate (sip.tls certFile/"
            + "keyFile or the site PKI's); browsers must trust its CA (docs/GATEWAY.md, \"SIP over WebSocket\").", List.of(
            withDefault("port", Types.port(), 0, "WS (plain) port, for a page on loopback HTTP; 0 disables it."),
            withDefault("wssPort", Types.port(), 0, "WSS port, for a page over HTTPS; 0 disables it."),
            optional("url", Types.text(), "The URL the desk page's phone connects to (a reverse proxy's, e.g. "
                    + "wss://cti.example.com/sip); without it the page over HTTPS gets wss://sip.host:wssPort, over plain "
                    + "HTTP ws://sip.host:port (each the other when only one listens).")));

    static final Obj SIP = new Obj("SIP listener", "The gateway's SIP transports and limits.", List.of(
            withDefault("host", Types.host(), "127.0.0.1", "Address to bind and to advertise in Via/Contact."),
            withDefault("udpPort", Types.port(), 5060, "UDP port; 0 disables UDP."),
            withDefault("tcpPort", Types.port(), 5060, "TCP port; 0 disables TCP."),
            withDefault("domain", Types.host(), "cti.local", "Registrar domain and digest realm."),
            withDefault("maxCalls", Types.integer(1, 100_000), 500,
                    "Concurrent calls; beyond it new INVITEs get 503 with Retry-After."),
            withDefault("maxRequestsPerSecondPerSource", Types.integer(1, 1_000_000), 200,
                    "Flood limit per source address; excess requests are dropped and counted."),
            withDefault("sessionExpiresSeconds", Types.integer(90, 86_400), 1800,
                    "RFC 4028 session interval (a call whose far end vanished is cleared after it)."),
            withDefault("registerMinExpiresSeconds", Types.integer(1, 86_400), 60,
                    "Shortest registration accepted (423 Interval Too Brief below it)."),
            withDefault("registerMaxExpiresSeconds", Types.integer(1, 604_800), 3600,
                    "Longer registrations are cut to this."),
            withDefault("md5OnlyUserAgents", new ListOf(Types.text(), 0), NetworkConfig.Sip.DEFAULT_MD5_ONLY_USER_AGENTS,
                    "User-Agent substrings (any case) of phones that read only the first digest challenge and fail on "
                            + "SHA-256: they are challenged with MD5 alone; [] challenges everyone with SHA-256 and MD5."),
            withDefault("registrar", REGISTRAR, Map.of(), "Registrar protections: binding cap, lockout."),
            withDefault("tls", SIP_TLS, Map.of(), "SIP over TLS and SRTP."),
            withDefault("ws", SIP_WS, Map.of(), "SIP over WebSocket for browser phones.")));

    static final Obj RTP = new Obj("RTP ports", "Ports the gateway allocates for call legs.", List.of(
            withDefault("host", Types.host(), "127.0.0.1", "Address to bind and to put in SDP."),
            withDefault("portMin", Types.integer(1024, 65534), 20000, "First RTP port (even)."),
            withDefault("portMax", Types.integer(1025, 65535), 29999, "Last RTP port."),
            withDefault("inactivitySeconds", Types.integer(1, 3600), 30,
                    "A leg that receives no RTP for this long is cleared as dead."),
            withDefault("transport", Types.oneOf("auto", "epoll", "nio"), NetworkConfig.Rtp.DEFAULT_TRANSPORT,
                    "The media sockets' I/O: auto (Netty's native epoll transport on Linux where it loads, else "
                            + "Java NIO), epoll (the gateway refuses to start without it) or nio. Logged at start "
                            + "(docs/MEDIA.md, \"Threading\").")));

    static final Obj CTI_LINK = new Obj("CTI link", "The link between gateway and server: TLS with client certificates "
            + "(docs/SECURITY.md). Without PEM files both sides use the private CA generated in storage.dataDir/pki. "
            + "PEM paths are relative to the configuration directory.", List.of(
            withDefault("host", Types.host(), "127.0.0.1", "Address the server listens on and the gateway dials."),
            withDefault("port", Types.port(), 7070, "TCP port."),
            optional("caFile", Types.text(), "PEM certificate of the link's CA: the server accepts only gateway "
                    + "certificates it issued, the gateway only a server certificate it issued."),
            optional("serverCertFile", Types.text(), "The server's link certificate (with caFile; read by the server)."),
            optional("serverKeyFile", Types.text(), "Its private key."),
            optional("gatewayCertFile", Types.text(), "The gateway's link certificate (with caFile; read by the gateway); "
                    + "it names the gateway id (urn:cti:gateway:ID) its Hello must carry."),
            optional("gatewayKeyFile", Types.text(), "Its private key."),
            withDefault("alternates", new ListOf(Types.text(), 0), List.of(),
                    "Other server nodes' link addresses (HOST:PORT) the gateway tries in turn when the one it dials "
                            + "does not answer (storage.failover; docs/CLUSTER.md)."),
            withDefault("replayBufferEvents", Types.integer(100, 1_000_000),
                    NetworkConfig.CtiLink.DEFAULT_REPLAY_BUFFER_EVENTS,
                    "Events the gateway keeps until the server acknowledges them and sends again after a link outage "
                            + "(before the snapshot); beyond it newer events are not kept (counted, logged; never "
                            + "blocks a call). About 300 bytes each (docs/CTI-LINK.md, \"Link outages\").")));

    static final Obj GATEWAY_ADMIN = new Obj("gateway admin listener", "The gateway's health and /metrics, and how it "
            + "stops.",
            List.of(withDefault("host", Types.host(), "127.0.0.1", "Address to bind."),
                    withDefault("httpPort", Types.port(), 8081, "HTTP port for /health and /metrics."),
                    withDefault("drainTimeoutSeconds", Types.integer(0, 86_400),
                            NetworkConfig.GatewayAdmin.DEFAULT_DRAIN_TIMEOUT_SECONDS,
                            "On SIGTERM the gateway drains: new calls get 503 with Retry-After, calls in progress go on "
                                    + "until they end or this many seconds pass, then it hangs up the rest and exits; "
                                    + "0 hangs up at once. A service manager must wait longer than this (docs/GATEWAY.md, "
                                    + "\"Stopping and restarting\").")));

    public static final Obj NETWORK = new Obj("network", "Where every component listens.", List.of(
            withDefault("server", SERVER, Map.of(), "Supervisor server."),
            withDefault("sip", SIP, Map.of(), "SIP gateway."),
            withDefault("rtp", RTP, Map.of(), "Media."),
            withDefault("ctiLink", CTI_LINK, Map.of(), "CTI link."),
            withDefault("gatewayAdmin", GATEWAY_ADMIN, Map.of(), "Gateway admin HTTP.")));

    static final Obj FAILOVER = new Obj("failover", "Several server nodes on one PostgreSQL, one active at a time "
            + "(docs/CLUSTER.md): the node holding the database's owner lock runs the call center, the others wait and "
            + "take over when its database session ends (a killed process: at once). Needs postgresUrl.", List.of(
            withDefault("enabled", Types.bool(), false, "Off: one node, no lock (the default)."),
            withDefault("nodeId", Types.id(), StorageConfig.Failover.OFF.nodeId(),
                    "This node's name (logs and the cluster_owner row); unique per node."),
            withDefault("checkMillis", Types.integer(100, 10_000), StorageConfig.Failover.DEFAULT_CHECK_MILLIS,
                    "How often a standby node tries the owner lock and the owner checks it still holds it; a "
                            + "takeover starts within this of the owner's session ending.")));

    public static final Obj STORAGE = new Obj("storage", "Where records are kept.", List.of(
            withDefault("dataDir", Types.text(), "data",
                    "Directory of the embedded database and of the generated keys and certificates (pki/, with "
                            + "PostgreSQL too); relative to the working directory."),
            optional("postgresUrl", Types.text(),
                    "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/cti; replaces the embedded store."),
            optional("postgresUser", Types.text(), "PostgreSQL user."),
            optional("postgresPassword", Types.text(), "PostgreSQL password."),
            withDefault("poolSize", Types.integer(2, 64), StorageConfig.DEFAULT_POOL_SIZE,
                    "Connections in the store's pool (HikariCP, validated before use): one for the writer, the rest "
                            + "for reads (docs/STORAGE.md)."),
            withDefault("connectionTimeoutSeconds", Types.integer(1, 300),
                    StorageConfig.DEFAULT_CONNECTION_TIMEOUT_SECONDS,
                    "How long getting a connection may take (a new one included) before the attempt fails; writes "
                            + "then retry, reads fail with 503."),
            withDefault("writeQueueCapacity", Types.integer(1, 1_000_000), StorageConfig.DEFAULT_WRITE_QUEUE_CAPACITY,
                    "Writes that may wait for the store's writer; one more is refused at once (HTTP 503 store_busy "
                            + "with Retry-After) rather than the queue growing."),
            withDefault("maxWritesPerCommit", Types.integer(1, 10_000), StorageConfig.DEFAULT_MAX_WRITES_PER_COMMIT,
                    "Group commit: the writer commits the writes waiting together, this many at most per "
                            + "transaction; each write is acknowledged only after its transaction's COMMIT."),
            withDefault("retrySeconds", Types.integer(0, 3600), StorageConfig.DEFAULT_RETRY_SECONDS,
                    "How long a write is retried while the database is away (connection lost, PostgreSQL "
                            + "restarting) before it fails; a record nobody waits for then raises the store alert."),
            withDefault("restoreGraceSeconds", Types.integer(1, 86_400), StorageConfig.DEFAULT_RESTORE_GRACE_SECONDS,
                    "After a start, agents and calls restored from the records wait for the gateway's first snapshot; "
                            + "past this grace without one a warning and cti_restore_waiting_for_gateway say so."),
            withDefault("failover", FAILOVER, Map.of(), "Active/standby server nodes on one PostgreSQL.")));

    public static final Obj COMPLIANCE = new Obj("compliance timers", "Service-standard timers (domain §2).",
            List.of(withDefault("ringTargetRings", Types.integer(1, 20), 3, "Answer within this many rings."),
                    withDefault("ringCadenceSeconds", Types.positiveNumber(30), 5.0,
                            "Length of one ring (China: 1 s on, 4 s off)."),
                    withDefault("holdThresholdsSeconds", new ListOf(Types.integer(1, 86_400), 1), List.of(10, 60, 120),
                            "Ascending hold-timer thresholds; each crossing is an event and is stored."),
                    withDefault("waitReassuranceSeconds", Types.integer(1, 3600), 10,
                            "A customer kept waiting this long gets a reassurance phrase.")));

    static final Obj NOTIFY_AGENT = new Obj("agent notification",
            "Per monitor mode, whether the monitored agent's desktop is told (the `monitor` push events of docs/API.md).",
            List.of(withDefault("listen", Types.bool(), false, "Silent listening (quality checks): off by default."),
                    withDefault("whisper", Types.bool(), true, "The supervisor speaks to the agent only."),
                    withDefault("barge", Types.bool(), true, "The supervisor joins the conversation."),
                    withDefault("takeover", Types.bool(), true,
                            "The supervisor takes the call over and the agent's leg is released.")));

    public static final Obj MONITORING = new Obj("monitoring",
            "Supervisor monitoring of live calls: listen, whisper, barge and take over (docs/API.md).", List.of(
            withDefault("notifyAgent", NOTIFY_AGENT, Map.of(), "Whether the monitored agent is told, per mode.")));

    static final Type.Scalar RECORDING_POLICY = new Type.Scalar("all, none or N%",
            "must be all, none or a percentage from 0% to 100% such as 25%", s -> {
                try {
                    return RecordingPolicy.parse(s);
                } catch (IllegalArgumentException e) {
                    throw new Type.Invalid(e.getMessage());
                }
            });

    public static final Obj RECORDING = new Obj("recording",
            "Call recording (docs/MEDIA.md, \"Recording\"): stereo, encrypted at rest (AES-256-GCM), one file per call.",
            List.of(
            optional("directory", Types.text(),
                    "Where the gateway writes recordings (relative to the working directory). Default: "
                            + "<storage.dataDir>/recordings."),
            optional("keyFile", Types.text(),
                    "Key file: one `<keyId> <base64 of 32 bytes>` per line, the LAST is used for new recordings, "
                            + "every line stays needed to play older ones; rotate by appending a line. Generated with one "
                            + "key on the gateway's first start when missing: BACK IT UP. Default: "
                            + "<storage.dataDir>/recording-keys.txt."),
            withDefault("minFreeMegabytes", Types.integer(0, Integer.MAX_VALUE), 1024,
                    "Under this much free space in the directory new calls are not recorded (a wallboard alert, a "
                            + "metric and a log line say so); calls being recorded go on."),
            withDefault("retentionDays", Types.integer(1, 36_500), 180,
                    "The server's daily job deletes recordings (files and index rows) older than this, audited."),
            withDefault("agentsHearOwnCalls", Types.bool(), false,
                    "Whether an agent may play the recordings of their own calls."),
            withDefault("defaultPolicy", RECORDING_POLICY, "all",
                    "Inbound calls of queues not listed under queues: all, none, or a sample such as 25%."),
            withDefault("clickToDial", RECORDING_POLICY, "all", "Click-to-dial (outbound) calls."),
            withDefault("queues", new MapOf(Types.id(), RECORDING_POLICY), Map.of(),
                    "Queue id → policy, overriding defaultPolicy for that queue's calls.")));

    static final Obj CREDENTIALS = new Obj("credentials", "Digest credentials for the trunk.", List.of(
            required("username", Types.text(), "User name."),
            required("password", Types.text(), "Password.")));

    static final Obj DIAL_PLAN = new Obj("dial plan", "Numbers that may be dialled out through a trunk "
            + "(click-to-dial, transfers to a number, REFER from phones): one allow pattern must match the whole number "
            + "(digits, optional leading +, before outboundPrefix) and no deny pattern. Java regular expressions. "
            + "The defaults allow China's domestic numbers and refuse international and premium-rate ones "
            + "(docs/SECURITY.md, \"Dial plan\").", List.of(
            withDefault("allow", new ListOf(Types.numberPattern(), 0), DialPlan.DEFAULT_ALLOW,
                    "Patterns of numbers that may be dialled: mobiles, landlines, 400/800, +86 forms; [] allows none."),
            withDefault("deny", new ListOf(Types.numberPattern(), 0), DialPlan.DEFAULT_DENY,
                    "Patterns refused even when allowed: 00 and +(not 86) international, 179xx/125xx carrier "
                            + "prefixes, 160/168 information lines, 95xxx/96xxx.")));

    static final Obj TRUNK = new Obj("trunk", "A SIP trunk to the PBX or carrier.", List.of(
            required("id", Types.id(), "Trunk id."),
            required("host", Types.host(), "Address of the PBX / carrier."),
            withDefault("port", Types.integer(1, 65535), 5060, "Its SIP port."),
            withDefault("transport", Types.oneOf("udp", "tcp", "tls"), "udp",
                    "Transport used towards it; tls (to its port, usually 5061) also makes its media SRTP "
                            + "(network.sip.tls.srtp)."),
            optional("caFile", Types.text(), "With transport tls: PEM certificate of the CA that issued the trunk's "
                    + "certificate, relative to the configuration directory; the only CA trusted for TLS trunks (the "
                    + "certificate's names are not checked: use a CA that issues for your trunks only). Required with "
                    + "tls."),
            withDefault("allowFrom", new ListOf(Types.host(), 0), List.of(),
                    "Source addresses accepted for inbound calls besides host."),
            optional("credentials", CREDENTIALS, "Digest credentials when the PBX challenges us."),
            withDefault("outboundPrefix", Types.oneOf("", "0", "9", "00", "+"), "",
                    "Digits put in front of numbers dialled out."),
            withDefault("dialPlan", DIAL_PLAN, Map.of(), "Which numbers may be dialled out through it.")));

    static final Type.Scalar ROLE = Types.oneOf("agent", "supervisor", "qa", "admin");

    public static final Obj DIALING = new Obj("dialing", "Which roles may dial out at all (numbers: trunks[].dialPlan).",
            List.of(withDefault("dialOutRoles", new ListOf(ROLE, 0), List.of("agent", "supervisor", "qa", "admin"),
                            "Roles that may click-to-dial an outside number."),
                    withDefault("transferOutRoles", new ListOf(ROLE, 0), List.of("agent", "supervisor", "qa", "admin"),
                            "Roles that may transfer a call to an outside number (API transfer, or REFER from the "
                                    + "phone of a seat a user of that role works).")));

    static final Obj SKILL = new Obj("skill", "A skill agents have at a level 1..10.", List.of(
            required("id", Types.id(), "Skill id."),
            required("name", localized("skill name"), "Display name.")));

    static final Obj SERVICE_LEVEL = new Obj("service level", "Target and definition (docs/METRICS.md).", List.of(
            withDefault("thresholdSeconds", Types.integer(1, 3600), 20, "Answered within this wait is in service level."),
            withDefault("targetPercent", Types.positiveNumber(100), 80.0, "Target share in percent."),
            withDefault("shortAbandonSeconds", Types.integer(0, 3600), 5, "Abandons within this wait are short."),
            withDefault("excludeShortAbandons", Types.bool(), true, "Leave short abandons out of the denominator."),
            withDefault("abandonsInDenominator", Types.bool(), true, "Count abandons in the denominator.")));

    static final Obj OVERFLOW = new Obj("overflow", "Send waiting callers to another queue.", List.of(
            required("afterSeconds", Types.integer(1, 86_400), "Wait after which the caller moves."),
            required("queue", Types.id(), "Queue they move to.")));

    static final Obj PROMPTS = new Obj("prompts", "Audio callers hear while queued (8 kHz mono 16-bit WAV; "
            + "paths relative to the configuration directory).", List.of(
            required("greeting", Types.text(), "Played once on arrival."),
            required("music", Types.text(), "Music on hold, looped."),
            withDefault("announceEverySeconds", Types.integer(0, 3600), 30,
                    "Position / estimated-wait announcement period; 0 never.")));

    static final Obj CALLBACK_OFFER = new Obj("callback offer", "The callback that keeps the caller's place (issue 17): "
            + "the position announcement adds \"press 1 to be called back\"; the caller confirms the caller-ID number "
            + "(1) or keys another then #, hears a confirmation and hangs up, and the callback waits in the caller's "
            + "place. Prompts: callback-offer.wav, callback-number.wav, callback-confirmed.wav next to the greeting.",
            List.of(withDefault("afterSeconds", Types.integer(0, 86_400), 60,
                            "Wait after which the announcements offer the callback."),
                    withDefault("aboveWaitSeconds", Types.integer(0, 86_400), 0,
                            "Estimated wait above which they offer it sooner; 0: only afterSeconds.")));

    /** Before QUEUE: a queue's hours (MenuSchema.QUEUE_HOURS) use it while this class is initialised. */
    static final Type.Scalar WEEKDAY = Types.oneOf("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    static final Obj SURVEY = new Obj("survey", "The satisfaction survey (满意度评价): when the agent hangs up (or "
            + "transfers the customer to the survey) the customer hears prompt, rates with one key, hears thankYouPrompt "
            + "and the call ends; no key within timeoutSeconds after the prompt is recorded as no answer "
            + "(docs/METRICS.md, customer satisfaction).", List.of(
            withDefault("afterAgentHangUp", Types.bool(), true, "The customer goes to the survey when the agent hangs "
                    + "up; false: only when the agent transfers them there."),
            required("prompt", Types.text(), "WAV file asking for the rating (\"press 5 if very satisfied ...\")."),
            required("thankYouPrompt", Types.text(), "WAV file played after the rating, before the call ends."),
            withDefault("keys", new ListOf(Types.oneOf("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 2),
                    List.of("1", "2", "3", "4", "5"), "The digits a customer rates with; the digit is the rating. "
                    + "Other keys are ignored."),
            withDefault("satisfiedFrom", Types.integer(0, 9), 4, "Ratings at or above this count as satisfied."),
            withDefault("timeoutSeconds", Types.integer(1, 60), 8, "Wait for the key after the prompt ends.")));

    static final Obj QUEUE = new Obj("queue", "An ACD queue.", List.of(
            required("id", Types.id(), "Queue id."),
            required("name", localized("queue name"), "Display name."),
            required("numbers", new ListOf(Types.digits(), 1), "Dialled numbers from the trunk that reach it."),
            optional("language", LANGUAGE, "Prompt language (default: site.defaultLanguage)."),
            withDefault("serviceLevel", SERVICE_LEVEL, Map.of(), "Service-level target and definition."),
            withDefault("strategy", Types.oneOf("longest-idle", "round-robin", "fewest-calls"), "longest-idle",
                    "How an agent is chosen."),
            withDefault("priority", Types.integer(0, 100), 0, "Higher is served first."),
            withDefault("requiredSkills", new MapOf(Types.id(), Types.integer(1, 10)), Map.of(),
                    "Skill id → minimum level."),
            withDefault("ringTimeoutSeconds", Types.integer(1, 300), 15, "Ring-no-answer after this long."),
            withDefault("wrapUpSeconds", Types.integer(0, 3600), 30, "After-call work time."),
            withDefault("wrapUpCodeRequired", Types.bool(), true, "A wrap-up code is needed before READY."),
            withDefault("maxWaitSeconds", Types.integer(1, 86_400), 600,
                    "Longest wait; then overflow if set, else the call is cleared."),
            optional("overflow", OVERFLOW, "Overflow to another queue."),
            required("prompts", PROMPTS, "Queue audio."),
            optional("script", Types.id(), "Script shown to agents for its calls."),
            optional("callback", CALLBACK_OFFER, "Offer waiting callers a callback that keeps their place."),
            optional("survey", SURVEY, "Satisfaction survey after the call (满意度评价)."),
            optional("hours", MenuSchema.QUEUE_HOURS, "Business hours for callers who dial its numbers; without "
                    + "them it is always open.")));

    static final Obj SHIFT = new Obj("shift", "The team's working hours, what attendance (出勤率) is measured against "
            + "(docs/METRICS.md): every agent of the team is expected logged in from start to end (site time) on days.",
            List.of(required("start", Types.timeOfDay(), "Start, on a quarter hour (HH:00, :15, :30, :45)."),
                    required("end", Types.timeOfDay(), "End, on a quarter hour, after start (same day)."),
                    withDefault("days", new ListOf(WEEKDAY, 1), List.of("mon", "tue", "wed", "thu", "fri"),
                            "Working days.")));

    static final Obj TEAM = new Obj("team", "A team of agents.", List.of(
            required("id", Types.id(), "Team id."),
            required("name", localized("team name"), "Display name."),
            optional("shift", SHIFT, "Working hours for attendance; without it the team's attendance is \"no data\".")));

    public static final Obj REPORTS = new Obj("reports", "Interval statistics and reports (docs/METRICS.md, "
            + "\"Reports\").", List.of(
            withDefault("refreshSeconds", Types.integer(1, 60), ReportsConfig.DEFAULTS.refreshSeconds(),
                    "How often the interval job brings the 15-minute rows up to date from the records; today's live "
                            + "figures (wallboard, /api/queues, /metrics) lag by at most this."),
            withDefault("lateMarginSeconds", Types.integer(0, 86_400), ReportsConfig.DEFAULTS.lateMarginSeconds(),
                    "Records up to this much older than the job's last run are still picked up (a write that "
                            + "committed just after a run); the job re-reads that much each run."),
            withDefault("openRowFlushSeconds", Types.integer(1, 900), ReportsConfig.DEFAULTS.openRowFlushSeconds(),
                    "The open interval's agent rows whose only change is time growing in the agent's state are "
                            + "written at most this often (always at the interval's close and at shutdown); a row whose "
                            + "counts change (a call, a state change) is written at once. Today's live figures come "
                            + "from memory and do not wait for it; report queries of the open interval may lag by it."),
            withDefault("repeatCallHours", Types.integer(1, 720), ReportsConfig.DEFAULTS.repeatCallHours(),
                    "First-contact resolution: a call from the same number to the same queue within this many hours "
                            + "of an answered call means the answered one did not resolve the matter."),
            optional("agentHourCost", Types.number(0, 1_000_000), "Cost of one logged-in agent hour (cost per call); "
                    + "without it and trunkMinuteCost cost per call is \"not configured\"."),
            optional("trunkMinuteCost", Types.number(0, 1_000_000), "Cost of one trunk minute (cost per call)."),
            withDefault("currency", Types.text(), ReportsConfig.DEFAULTS.currency(),
                    "Currency label of the costs (CNY, USD, ...).")));

    static final Obj AGENT = new Obj("agent", "An agent seat.", List.of(
            required("id", Types.id(), "Agent id (bin/cti agent --id)."),
            required("name", Types.text(), "Full name."),
            required("workNumber", Types.id(), "Work number (工号) said in the greeting."),
            required("extension", Types.digits(), "SIP user the softphone registers as."),
            required("sipPassword", Types.text(), "SIP digest password (demo values are marked demo-only)."),
            withDefault("skills", new MapOf(Types.id(), Types.integer(1, 10)), Map.of(), "Skill id → level 1..10."),
            required("team", Types.id(), "Team id."),
            optional("language", LANGUAGE, "Script language (default: site.defaultLanguage).")));

    static final Obj USER = new Obj("user", "A person who logs in.", List.of(
            required("username", Types.id(), "Login name."),
            optional("displayName", Types.text(), "Name shown (default: username)."),
            required("role", Types.oneOf("agent", "supervisor", "qa", "admin"), "What the user may do (qa: 质检员, "
                    + "evaluates the calls of their teams)."),
            required("passwordHash", Types.text(), "PBKDF2 hash from `bin/cti hash-password`; never a plain password."),
            optional("agent", Types.id(), "Agent seat the user works (required for role agent)."),
            withDefault("teams", new ListOf(Types.id(), 0), List.of(),
                    "Teams a supervisor may monitor, and a supervisor or qa user may evaluate.")));

    static final Obj REASON = new Obj("not-ready reason", "Why an agent is not ready.", List.of(
            required("code", Types.id(), "Reason code."),
            required("label", localized("label"), "Label on the agent screen.")));

    static final Obj WRAP_UP = new Obj("wrap-up code", "Outcome of a call.", List.of(
            required("code", Types.id(), "Wrap-up code."),
            required("label", localized("label"), "Label on the agent screen."),
            withDefault("category", Types.oneOf("success", "failure", "callback", "complaint", "other"), "other",
                    "Category for reports."),
            withDefault("queues", new ListOf(Types.id(), 0), List.of(), "Queues it is offered for; empty: all.")));

    static final Obj STEP = new Obj("script step", "One step of a script.", List.of(
            required("id", Types.id(), "Step id (greeting, need, closing, …)."),
            required("title", localized("step title"), "Title."),
            required("text", localizedTemplate("What the agent says"), "Text."),
            optional("holiday", localizedTemplate("Holiday variant"), "Used instead of text on holidays.")));

    static final Obj PHRASE = new Obj("quick phrase", "A phrase one click away.", List.of(
            required("id", Types.id(), "Phrase id."),
            required("label", localized("label"), "Button label."),
            required("text", localizedTemplate("What the agent says"), "Text.")));

    static final Obj SCRIPT = new Obj("script", "A call script.", List.of(
            required("id", Types.id(), "Script id."),
            required("name", localized("script name"), "Display name."),
            required("steps", new ListOf(STEP, 1), "Ordered steps."),
            withDefault("quickPhrases", new ListOf(PHRASE, 0), List.of(), "Quick phrases.")));

    static final Obj HOLIDAY = new Obj("holiday", "A date with holiday greetings.", List.of(
            required("date", Types.date(), "The date."),
            required("name", localized("holiday name"), "Name ({holiday.name}).")));

    public static final Obj FOLLOW_UPS = new Obj("followUps", "Scheduled callbacks and complaint follow-up "
            + "(docs/API.md, \"Follow-ups\").", List.of(
            withDefault("callbackHorizonDays", Types.integer(1, 365), FollowUpConfig.DEFAULTS.callbackHorizonDays(),
                    "A callback (wrap-up code of category callback) may be booked at most this many days ahead."),
            withDefault("callbackRetries", Types.integer(0, 10), FollowUpConfig.DEFAULTS.callbackRetries(),
                    "Further attempts after a callback the customer did not answer; then it is failed."),
            withDefault("callbackRetryMinutes", Types.integer(1, 1440), FollowUpConfig.DEFAULTS.callbackRetryMinutes(),
                    "Minutes between two attempts of a callback."),
            withDefault("callbackOverdueMinutes", Types.integer(1, 1440),
                    FollowUpConfig.DEFAULTS.callbackOverdueMinutes(),
                    "A callback not done this many minutes after it was due is flagged on the wallboard."),
            withDefault("complaintDueHours", Types.integer(1, 720), FollowUpConfig.DEFAULTS.complaintDueHours(),
                    "A complaint's follow-up (wrap-up code of category complaint) is due this many hours later."),
            withDefault("complaintCloseWorkingDays", Types.integer(1, 30),
                    FollowUpConfig.DEFAULTS.complaintCloseWorkingDays(),
                    "A complaint not closed within this many working days (not Saturday or Sunday, not a date of "
                            + "holidays) is flagged."),
            withDefault("complaintLevels", new ListOf(Types.id(), 1), FollowUpConfig.DEFAULTS.complaintLevels(),
                    "Complaint levels, mildest first (the first is the default).")));

    /** The top-level sections. Each may live in any file of the directory, but in one file only. */
    public static final Obj ROOT = new Obj("configuration", "Top-level sections.", List.of(
            required("site", SITE, "The contact center."),
            withDefault("network", NETWORK, Map.of(), "Listeners."),
            withDefault("storage", STORAGE, Map.of(), "Storage."),
            withDefault("compliance", COMPLIANCE, Map.of(), "Compliance timers."),
            withDefault("monitoring", MONITORING, Map.of(), "Supervisor monitoring."),
            withDefault("recording", RECORDING, Map.of(), "Call recording."),
            withDefault("trunks", new ListOf(TRUNK, 0), List.of(), "SIP trunks."),
            withDefault("skills", new ListOf(SKILL, 0), List.of(), "Skills."),
            required("queues", new ListOf(QUEUE, 1), "Queues."),
            required("teams", new ListOf(TEAM, 1), "Teams."),
            required("agents", new ListOf(AGENT, 0), "Agents."),
            required("users", new ListOf(USER, 1), "Users."),
            withDefault("notReadyReasons", new ListOf(REASON, 0), List.of(), "Not-ready reasons."),
            withDefault("wrapUpCodes", new ListOf(WRAP_UP, 0), List.of(), "Wrap-up codes."),
            withDefault("scripts", new ListOf(SCRIPT, 0), List.of(), "Scripts."),
            withDefault("holidays", new ListOf(HOLIDAY, 0), List.of(), "Holidays."),
            withDefault("qa", QaSchema.QA, Map.of(), "Quality assurance: forms, scoring, work lists."),
            withDefault("dialing", DIALING, Map.of(), "Who may dial out."),
            withDefault("reports", REPORTS, Map.of(), "Interval statistics and reports."),
            withDefault("menus", new ListOf(MenuSchema.MENU, 0), List.of(), "Voice menus (IVR) and their hours."),
            withDefault("followUps", FOLLOW_UPS, Map.of(), "Scheduled callbacks and complaint follow-up."),
            withDefault("outbound", CampaignSchema.OUTBOUND, Map.of(), "Outbound work: click-to-dial's script, "
                    + "preview campaigns.")));

    /** All fields of ROOT, for iteration. */
    static List<Field> sections() {
        return ROOT.fields();
    }
}
