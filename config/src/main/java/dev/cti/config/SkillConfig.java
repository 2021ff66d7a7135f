package dev.cti.config;

/** A skill agents have at a level from 1 to 10 and queues require. */
public record SkillConfig(String id, Localized name) {}
