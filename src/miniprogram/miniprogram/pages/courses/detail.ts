import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { go, load } from '../../utils/page';

interface Lesson { id: string; title: string; minutes: number; done: boolean; url: string; percent: number }
interface Question { question: string; options: string[] }

/** 课程: its lessons (each played on the lesson page) and, when every lesson is done, its quiz. */
Component({
  data: {
    failed: '',
    id: '', title: '', credit: 0, completed: false, lessons: [] as Lesson[], questions: [] as Question[],
    answers: [] as (number | null)[], passScore: 0, attemptsLeft: 0, passed: false, result: '', error: '', busy: false,
  },
  methods: {
    retry() {
      return this.onShow();
    },
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
    },
    async onShow() {
      const course = await load(this, () => api.get('/courses/{id}', { path: { id: this.data.id } }));
      if (!course) {
        return;
      }
      const quiz = course.quiz;
      const questions = (quiz?.questions ?? []).map((q) => ({ question: q.question ?? '', options: q.options ?? [] }));
      // Back from a lesson or a chat: the answers being given stay, as long as the quiz is the same.
      const sameQuiz = JSON.stringify(questions) === JSON.stringify(this.data.questions);
      this.setData({
        title: course.title, credit: course.creditHours, completed: course.completed,
        lessons: course.lessons.map((l) => ({
          id: l.id ?? '', title: l.title ?? '', minutes: Math.round((l.durationSeconds ?? 0) / 60), done: !!l.completed,
          url: l.mediaUrl ?? '',
          percent: Math.min(100, Math.round(((l.creditedSeconds ?? 0) / Math.max(1, l.durationSeconds ?? 1)) * 100)),
        })),
        questions,
        answers: sameQuiz ? this.data.answers : questions.map(() => null),
        passScore: quiz?.passScore ?? 0,
        attemptsLeft: Math.max(0, (quiz?.maxAttempts ?? 0) - (quiz?.attemptsUsed ?? 0)),
        passed: !!quiz?.passed,
      });
    },
    play(e: WechatMiniprogram.BaseEvent) {
      const lesson = this.data.lessons[Number(e.currentTarget.dataset.index)];
      go(`/pages/courses/lesson?id=${lesson.id}&title=${encodeURIComponent(lesson.title)}&url=${encodeURIComponent(lesson.url)}`);
    },
    choose(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`answers[${index}]`]: Number(e.detail.value), error: '' });
    },
    async submit() {
      if (this.data.busy) {
        return; // a second tap while the first is on its way spends no attempt
      }
      if (this.data.answers.some((a) => a === null)) {
        this.setData({ error: '请回答所有题目' });
        return;
      }
      this.setData({ busy: true });
      try {
        const result = await api.post('/courses/{id}/quiz-attempts', {
          path: { id: this.data.id }, body: { answers: this.data.answers },
        });
        this.setData({
          result: result.passed ? `通过，得分 ${result.score}` : `未通过，得分 ${result.score}，还可作答 ${result.attemptsLeft} 次`,
          passed: result.passed, attemptsLeft: result.attemptsLeft,
        });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
