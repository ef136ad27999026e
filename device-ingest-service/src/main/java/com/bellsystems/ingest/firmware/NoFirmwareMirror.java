package com.bellsystems.ingest.firmware;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/** The placeholder {@link FirmwareMirror}: any other bean of the type replaces it (@DefaultBean). */
@DefaultBean
@ApplicationScoped
public class NoFirmwareMirror implements FirmwareMirror {

    @Override
    public Uni<Void> changed(SqlClient tx, Firmware firmware) {
        return Uni.createFrom().voidItem();
    }
}
