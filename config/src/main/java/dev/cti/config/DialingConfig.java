package dev.cti.config;

import java.util.Set;

/**
 * Who may dial out at all (issue 13): per role, whether click-to-dial and a transfer to an outside number are
 * allowed. Which numbers may be dialled is each trunk's {@link DialPlan}. The server applies the roles to the
 * logged-in user; the gateway to a REFER from a phone, by the role of the user who works that phone's seat (role
 * agent when nobody does).
 *
 * @param dialOutRoles     roles that may click-to-dial an outside number
 * @param transferOutRoles roles that may transfer a call to an outside number (API transfer or REFER)
 */
public record DialingConfig(Set<UserConfig.Role> dialOutRoles, Set<UserConfig.Role> transferOutRoles) {
    /** The schema's defaults: every role may do both (the dial plan still limits the numbers). */
    public static final DialingConfig DEFAULTS = new DialingConfig(Set.of(UserConfig.Role.values()),
            Set.of(UserConfig.Role.values()));

    public DialingConfig {
        dialOutRoles = Set.copyOf(dialOutRoles);
        transferOutRoles = Set.copyOf(transferOutRoles);
    }

    public boolean mayDialOut(UserConfig.Role role) {
        return dialOutRoles.contains(role);
    }

    public boolean mayTransferOut(UserConfig.Role role) {
        return transferOutRoles.contains(role);
    }
}
