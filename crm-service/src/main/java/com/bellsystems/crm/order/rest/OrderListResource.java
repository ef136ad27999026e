package com.bellsystems.crm.order.rest;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.order.service.OrderService;
import com.bellsystems.crm.support.PageRequest;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The global order list, newest first, optionally by status: {@code /api/crm/orders?status=}. */
@Path("/api/crm/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderListResource {

    private final OrderService service;

    public OrderListResource(OrderService service) {
        this.service = service;
    }

    @GET
    @PermissionsAllowed("crm:view")
    public Uni<OffsetPage<Map<String, Object>>> list(
            @QueryParam("status") String status, @Valid @BeanParam PageRequest page) {
        return service.list(status, page);
    }
}
