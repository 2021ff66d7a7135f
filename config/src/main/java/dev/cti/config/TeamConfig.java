package dev.cti.config;

/** A team of agents; supervisors are given the teams they may monitor (see {@link UserConfig}). */
public record TeamConfig(String id, Localized name) {}
