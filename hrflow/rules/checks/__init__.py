"""One check per rule kind, each giving a verdict and the evidence it compared; evaluate.py runs them."""
