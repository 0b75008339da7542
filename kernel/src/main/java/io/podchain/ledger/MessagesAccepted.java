package io.podchain.ledger;

import io.podchain.chain.Message;
import java.util.List;

/** Messages new to this node were admitted to the pending pool, in one commit (fired after it). */
public record MessagesAccepted(List<Message> messages) {
}
