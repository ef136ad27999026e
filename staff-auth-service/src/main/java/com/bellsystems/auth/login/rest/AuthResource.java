package com.bellsystems.auth.login.rest;

import com.bellsystems.auth.login.service.AuthService;
import com.bellsystems.auth.login.service.AuthService.TokenResponse;
import com.bellsystems.auth.staff.StaffView;
import com.bellsystems.common.audit.RequestAudit;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** HTTP for sign-in: login, refresh, logout, and who am I. */
@Path("/api/auth")
public class AuthResource {

    private final AuthService auth;
    private final RequestAudit requestAudit;
    private final JsonWebToken jwt;

    public AuthResource(AuthService auth, RequestAudit requestAudit, JsonWebToken jwt) {
        this.auth = auth;
        this.requestAudit = requestAudit;
        this.jwt = jwt;
    }

    @RegisterForReflection
    public record LoginRequest(@NotBlank @Size(max = 320) String email, @NotNull @Size(max = 1024) String password) {}

    @RegisterForReflection
    public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}

    @POST
    @Path("/login")
    public Uni<TokenResponse> login(@Valid @NotNull LoginRequest body) {
        return auth.login(body.email(), body.password(), requestAudit.clientAddress(), requestAudit.meta());
    }

    @POST
    @Path("/refresh")
    public Uni<TokenResponse> refresh(@Valid @NotNull RefreshRequest body) {
        return auth.refresh(body.refreshToken());
    }

    @POST
    @Path("/logout")
    public Uni<Response> logout(@Valid @NotNull RefreshRequest body) {
        return auth.logout(body.refreshToken(), requestAudit.meta())
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<StaffView> me() {
        return auth.me(jwt.getSubject());
    }
}
