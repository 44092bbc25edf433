package io.jenkins.plugins.maia.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The one Jackson configuration of the client: unknown properties are ignored, unknown enum values read as
 * the enum's {@code @JsonEnumDefaultValue} ({@code UNKNOWN}), enum names are case-insensitive, nulls are
 * not written, and {@link Instant} is read leniently ({@link LenientInstants}) and written as ISO-8601.
 * A small module instead of jackson-datatype-jsr310, so the client needs nothing but jackson-databind.
 */
public final class MaiaJson {

    private static final ObjectMapper MAPPER = newMapper();

    private MaiaJson() {}

    /** The shared, fully configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the same configuration (for callers that want to add their own modules). */
    public static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("maia-instants");
        instants.addDeserializer(Instant.class, new LenientInstantDeserializer());
        instants.addSerializer(Instant.class, ToStringSerializer.instance);
        return JsonMapper.builder()
                .addModule(instants)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Reads any timestamp spelling the API uses; anything unreadable becomes null instead of an error. */
    static final class LenientInstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        LenientInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return LenientInstants.parse(p.getText());
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            return null;
        }
    }
}
