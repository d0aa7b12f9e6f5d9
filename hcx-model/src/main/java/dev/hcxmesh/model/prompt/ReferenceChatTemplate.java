package dev.hcxmesh.model.prompt;

/**
 * Our own Jinja chat template that renders the HCX format byte for byte like {@link HcxPromptRenderer}.
 * Written into generated checkpoints ({@code TinyTokenizerFiles}); the real checkpoint's template
 * replaces it when present.
 *
 * <p>Input: {@code messages} (role, content = string, one item dict, or a list of items
 * {@code {type: text, text}},
 * {@code {type: image|video, filename, mime, ocr, lens_keywords, lens_local_keywords}}; a video has the
 * three aux keys only when it has an aux block), {@code add_generation_prompt}. Values go through
 * {@code tojson}, i.e. Python {@code json.dumps(ensure_ascii=False)}.
 */
public final class ReferenceChatTemplate {
    private ReferenceChatTemplate() {}

    /** The template text. */
    public static final String SOURCE =
            """
            {%- for message in messages -%}
            {%- if message.content is string -%}
            {%- set items = [{'type': 'text', 'text': message.content}] -%}
            {%- elif message.content is mapping -%}
            {%- set items = [message.content] -%}
            {%- else -%}
            {%- set items = message.content -%}
            {%- endif -%}
            {%- if message.role == 'user' -%}
            {%- for item in items -%}
            {%- if item.type == 'text' -%}
            {{- '<|im_start|>user\\n' ~ item.text ~ '<|im_end|>\\n' -}}
            {%- else -%}
            {{- '<|im_start|>user (mime) \\n{"type": ' ~ (item.mime | tojson) ~ ', "filename": ' ~ (item.filename | tojson) ~ '}<|im_end|>\\n' -}}
            {%- if item.type == 'image' -%}
            {{- '<|im_start|>user (vector)\\n<|dummy3|><|im_end|>\\n' -}}
            {%- else -%}
            {{- '<|im_start|>user (vector)\\n<|_unuse_missing_100270|><|im_end|>\\n' -}}
            {%- endif -%}
            {%- if item.type == 'image' or item.ocr is defined -%}
            {{- '<|im_start|>image/aux\\n@AUX@{"ocr": ' ~ (item.ocr | tojson) ~ ', "lens_keywords": ' ~ (item.lens_keywords | tojson) ~ ', "lens_local_keywords": ' ~ (item.lens_local_keywords | tojson) ~ '}<|im_end|>\\n' -}}
            {%- endif -%}
            {%- endif -%}
            {%- endfor -%}
            {%- else -%}
            {{- '<|im_start|>' ~ message.role ~ '\\n' -}}
            {%- for item in items -%}
            {%- if item.type == 'text' -%}
            {{- item.text -}}
            {%- endif -%}
            {%- endfor -%}
            {{- '<|im_end|>\\n' -}}
            {%- endif -%}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|im_start|>assistant\\n' -}}
            {%- endif -%}
            """
                    .strip()
                    .replace("@AUX@", AuxBlock.INSTRUCTION);
}
