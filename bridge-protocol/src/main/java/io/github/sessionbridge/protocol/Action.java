package io.github.sessionbridge.protocol;

/** What a request asks the C server to do: the request line's {@code [flag]}. */
public enum Action {
    /** {@code [flag]=0}: stream the session live. */
    MONITOR('0'),
    /** {@code [flag]=1}: terminate the session. */
    KICK('1');

    private final char flag;

    Action(char flag) {
        this.flag = flag;
    }

    /** The flag character sent on the wire: {@code '0'} or {@code '1'}. */
    public char flag() {
        return flag;
    }

    /**
     * The action for a flag character.
     *
     * @throws IllegalArgumentException if {@code flag} is neither {@code '0'} nor {@code '1'}
     */
    public static Action ofFlag(char flag) {
        return switch (flag) {
            case '0' -> MONITOR;
            case '1' -> KICK;
            default -> throw new IllegalArgumentException("unknown request flag '" + flag + "' (expected '0' or '1')");
        };
    }
}
