"""How the reception desk looks: one-line fields so everything fits at 80x24, colours that read across a hall.

Screen CSS applies to the whole app, so every rule starts with ReceptionScreen.
"""

RECEPTION_CSS = """
ReceptionScreen #reception-body {
    padding: 0 1;
    height: 1fr;
}

ReceptionScreen #reception-next {
    height: auto;
    text-style: bold;
    color: yellow;
}

ReceptionScreen .reception-row {
    height: 1;
}

ReceptionScreen .reception-row-label {
    width: auto;
    padding-right: 1;
    text-style: bold;
}

ReceptionScreen EntryField.reception-entry {
    height: 1;
    width: 1fr;
    border: none;
    padding: 0 1;
    background: #303030;
}

ReceptionScreen EntryField.reception-entry:focus {
    border: none;
    background: #5f5f00;
}

ReceptionScreen #reception-box {
    height: auto;
    margin-top: 1;
    color: #e0e0e0;
}

ReceptionScreen #reception-work {
    height: 1fr;
    margin-top: 1;
}

ReceptionScreen #packets-list {
    height: 1fr;
    background: black;
    border: none;
}

ReceptionScreen #packets-list:focus > .option-list--option-highlighted {
    background: yellow;
    color: black;
}

ReceptionScreen #packets-exceptions {
    height: auto;
}

ReceptionScreen .bpa-row {
    height: 1;
}

ReceptionScreen .bpa-row-title {
    width: 10;
    text-style: bold;
}

ReceptionScreen .bpa-label {
    width: auto;
    padding: 0 1 0 1;
}

ReceptionScreen EntryField.bpa-field {
    width: 8;
    height: 1;
    border: none;
    padding: 0 1;
    background: #303030;
}

ReceptionScreen EntryField.bpa-field:focus {
    border: none;
    background: yellow;
    color: black;
}

ReceptionScreen EntryField.bpa-reason {
    width: 1fr;
    height: 1;
    border: none;
    padding: 0 1;
    background: #303030;
}

ReceptionScreen EntryField.bpa-reason:focus {
    border: none;
    background: #5f5f00;
}

ReceptionScreen .bpa-check {
    height: auto;
    padding-left: 10;
}

ReceptionScreen #bpa-title {
    text-style: bold;
}

ReceptionScreen #bpa-summary {
    height: auto;
    margin-top: 1;
}
"""
