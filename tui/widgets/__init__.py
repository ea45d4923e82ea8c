"""The panes of the workstation and the widgets they are made of."""
