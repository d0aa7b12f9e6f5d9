package dev.hcxmesh.model.prompt;

/** One item of a message: text, an image or a video, rendered in content order. */
public sealed interface ContentItem {

    /** Plain text; rendered verbatim. */
    record Text(String text) implements ContentItem {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("text item: expected a string, found null");
            }
        }
    }

    /**
     * An image: a mime block, a vector block holding the image placeholder, and the aux block.
     *
     * @param filename file name shown to the model
     * @param mime the {@code type} written in the mime block (default {@value #DEFAULT_MIME})
     * @param ocr words found in the image, raster order ("" when none)
     * @param lensKeywords entity names ("" when none)
     * @param lensLocalKeywords entities with normalised boxes ("" when none)
     */
    record Image(String filename, String mime, String ocr, String lensKeywords, String lensLocalKeywords)
            implements ContentItem {
        /** The mime type the published placeholder uses. */
        public static final String DEFAULT_MIME = "image/jpeg";

        public Image {
            if (filename == null) {
                throw new IllegalArgumentException("image item: expected a filename, found null");
            }
            mime = mime == null || mime.isEmpty() ? DEFAULT_MIME : mime;
            ocr = ocr == null ? "" : ocr;
            lensKeywords = lensKeywords == null ? "" : lensKeywords;
            lensLocalKeywords = lensLocalKeywords == null ? "" : lensLocalKeywords;
        }

        /** An image with the default mime and no OCR/lens data. */
        public static Image of(String filename) {
            return new Image(filename, null, "", "", "");
        }
    }

    /**
     * A video: a mime block and a vector block holding the video placeholder; the aux block only when
     * OCR/lens data was given (any of the three non-null).
     *
     * @param filename file name shown to the model
     * @param mime the {@code type} in the mime block (default {@value #DEFAULT_MIME})
     * @param ocr OCR text or null
     * @param lensKeywords entity names or null
     * @param lensLocalKeywords entities with boxes or null
     */
    record Video(String filename, String mime, String ocr, String lensKeywords, String lensLocalKeywords)
            implements ContentItem {
        /** Default video mime type. */
        public static final String DEFAULT_MIME = "video/mp4";

        public Video {
            if (filename == null) {
                throw new IllegalArgumentException("video item: expected a filename, found null");
            }
            mime = mime == null || mime.isEmpty() ? DEFAULT_MIME : mime;
        }

        /** A video with the default mime and no aux block. */
        public static Video of(String filename) {
            return new Video(filename, null, null, null, null);
        }

        /** True when an aux block is rendered. */
        public boolean hasAux() {
            return ocr != null || lensKeywords != null || lensLocalKeywords != null;
        }
    }
}
