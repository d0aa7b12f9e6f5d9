package dev.hcxmesh.common.http;

import dev.hcxmesh.common.ErrorCodes;
import dev.hcxmesh.common.MeshException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP errors as RFC 9457 problem details ({@code application/problem+json}) with the mesh error code. */
@Provider
public class ProblemDetailsMapper implements ExceptionMapper<MeshException> {

    @Override
    public Response toResponse(MeshException e) {
        int status = ErrorCodes.http(e.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:hcx-mesh:error:" + e.code().name().toLowerCase());
        body.put("title", e.code().name());
        body.put("status", status);
        body.put("detail", e.getMessage());
        body.put("stage", e.stage());
        if (!e.facts().isEmpty()) {
            body.put("facts", e.facts());
        }
        return Response.status(status)
                .type("application/problem+json")
                .entity(body)
                .build();
    }
}
