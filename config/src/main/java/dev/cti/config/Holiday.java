package dev.cti.config;

import java.time.LocalDate;

/** A date on which scripts use their holiday variants. */
public record Holiday(LocalDate date, Localized name) {}
