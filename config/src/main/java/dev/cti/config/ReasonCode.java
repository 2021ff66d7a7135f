package dev.cti.config;

/** A not-ready reason an agent chooses (break, meal, training, …). */
public record ReasonCode(String code, Localized label) {}
