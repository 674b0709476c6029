# Source: VolDonets/natural_language_processing, part_5/e7_fastText.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models.fasttext import FastText

MODEL_PATH = ""
ft_model = FastText.load_fasttext_format(model_file=MODEL_PATH)
print(ft_model.most_similar('soccer'))
