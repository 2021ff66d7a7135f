package dev.cti.recording;

/** The file is not a {@code .ctirec} recording, or its header is damaged or of a format version not known here. */
public final class RecordingFormatException extends RecordingException {
    public RecordingFormatException(String message) {
        super(message);
    }
}
