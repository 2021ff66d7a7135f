package dev.cti.gateway.sip.registrar;

import java.util.List;

/**
 * Told when an extension's phone comes and goes: first binding added, last binding removed or expired. The
 * gateway forwards these over the CTI link as PhoneRegistered / PhoneUnregistered. Called inside the location
 * service's per-extension update, so calls for one extension are ordered; implementations must be quick and must
 * not call back into {@link LocationService} (hand the event to a queue).
 */
public interface RegistrationListener {

    /** Why the last binding disappeared. */
    enum Cause { UNREGISTERED, EXPIRED }

    void phoneRegistered(String extension, List<Binding> bindings);

    void phoneUnregistered(String extension, Cause cause);
}
