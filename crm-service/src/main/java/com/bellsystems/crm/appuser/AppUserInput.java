package com.bellsystems.crm.appuser;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PATCH /api/app-users/{id}}: the profile fields support staff correct for a device
 * owner. {@code email} and {@code uid} belong to the owner's Firebase Auth account and are not
 * edited here (a body naming them is a 422).
 */
@RegisterForReflection
public record AppUserInput(
        @Size(min = 1, max = 200) String displayName,
        @Pattern(regexp = "^\\+?[0-9 ()-]{5,32}$", message = "must be a phone number, e.g. +30 210 1234567")
                String phoneNumber,
        @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an http(s) URL") String photoUrl,
        @Pattern(regexp = "^[a-z]{2}$", message = "must be a two-letter language code, e.g. el") String language,
        String email,
        String uid) {}
