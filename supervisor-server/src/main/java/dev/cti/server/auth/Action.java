package dev.cti.server.auth;

/** What a user may ask the server to do; the columns of {@link AuthorizationPolicy#TABLE}. */
public enum Action {
    /** See an agent's state (REST and pushed events). */
    VIEW_AGENT,
    /** Change an agent's state as that agent (ready, not ready, seat login/logout). */
    SET_STATE,
    /** Choose a wrap-up code for the agent's call. */
    WRAP_UP,
    /** Force an agent to READY / NOT_READY. */
    FORCE_STATE,
    /** Log an agent out. */
    FORCE_LOGOUT,
    /** See queues and their configuration. */
    VIEW_QUEUES,
    /** Hang up or transfer a call the agent is on. */
    CONTROL_CALL,
    /** Place an outbound call as the agent (click-to-dial). */
    DIAL,
    /** Import customers and see their full numbers. */
    MANAGE_CUSTOMERS,
    /** Listen to, whisper to, barge into or take over an agent's live call (never one's own seat). */
    MONITOR,
    /** List recordings of the agent's calls and see their metadata and event timeline. */
    VIEW_RECORDING,
    /** Play or download the audio of the agent's calls. */
    PLAY_RECORDING,
    /** Pause and resume the recording of the agent's live call (a card number read out). */
    PAUSE_RECORDING,
    /** Create, edit and submit QA evaluations of the agent's calls (never of one's own seat). */
    EVALUATE,
    /** See the agent's submitted QA evaluations (drafts only for evaluators). */
    VIEW_EVALUATION,
    /** Acknowledge or dispute an evaluation: only the evaluated agent, on their own seat. */
    ACKNOWLEDGE_EVALUATION,
    /** See QA pass rate and average score by team and queue (no target: the figures are filtered by team). */
    VIEW_QA_KPIS,
    /** See the reports (docs/API.md, "Reports"): queue figures are the site's, agent and team figures the target's. */
    VIEW_REPORTS,
    /** Browse the call history of the agent's calls (numbers masked). */
    VIEW_CALL_HISTORY,
    /** Search the call history by a phone number (audited): supervisors within their teams, admins. */
    SEARCH_CALLS_BY_NUMBER,
    /** Browse the audit log (no target). */
    VIEW_AUDIT,
    /** Export the Asterisk-compatible queue_log (every agent's events; no target). */
    EXPORT_QUEUE_LOG,
    /** Work a preview campaign as the agent: next record, dial, skip, outcome (issue 18). */
    WORK_CAMPAIGN,
    /** Create and edit campaigns (POST /api/campaigns, PUT /api/campaigns/{id}, GET .../definition) and import
     * their call lists (no target). */
    MANAGE_CAMPAIGNS,
    /** See the campaigns' figures of the agent (dials, successes, conversion rate). */
    VIEW_CAMPAIGN_FIGURES,
    /** Delete a campaign created in the browser (DELETE /api/campaigns/{id}; no target): its records keep their
     * history. */
    DELETE_CAMPAIGN,
    /** See the agent's scheduled callbacks and complaint follow-ups (numbers masked). */
    VIEW_FOLLOW_UPS,
    /** Close a complaint follow-up of the agent's call with a note. */
    CLOSE_COMPLAINT,
    /** Raise or lower the agent's hand during its call ("ask for help", issue 18). */
    ASK_HELP,
    /** See the agent's raised hand on the wallboard (and the push): its team's supervisors, admins, the agent. */
    VIEW_HELP,
    /**
     * Get the seat's phone credentials (extension, SIP password, the gateway's WebSocket URL) for the browser phone
     * of the desk page (issue 19): only one's own seat, for every role; nobody gets another's SIP password.
     */
    USE_PHONE
}
