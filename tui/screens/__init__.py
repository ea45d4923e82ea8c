"""The app's screens: the main pane layout and the modal dialogs."""
